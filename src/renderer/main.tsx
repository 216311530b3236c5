import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/base.css';
import { App } from './app/App';
import { startApp } from './app/startup';

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks the #root element.');
startApp();
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
