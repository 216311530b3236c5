/// <reference types="vite/client" />
// Vite's client types: CSS imports and `?url` asset imports (the MapLibre worker is loaded from one).
