/**
 * The swipe's divider: a handle the user drags (or moves with the arrow keys) across the Compare view. It reports
 * where it is as a share of the width (0-1); the view clips the second map to the right of it.
 */
export class SwipeDivider {
  readonly element: HTMLDivElement;
  private position = 0.5;

  constructor(
    private readonly root: HTMLElement,
    private readonly onMove: (position: number) => void,
  ) {
    const element = document.createElement('div');
    element.className = 'swipe-divider';
    element.dataset.testid = 'swipe-divider';
    element.tabIndex = 0;
    element.setAttribute('role', 'separator');
    element.setAttribute('aria-orientation', 'vertical');
    element.setAttribute('aria-label', 'Swipe: drag to show more of map A (left) or map B (right)');
    element.setAttribute('aria-valuemin', '0');
    element.setAttribute('aria-valuemax', '100');
    const handle = document.createElement('span');
    handle.className = 'swipe-handle';
    handle.setAttribute('aria-hidden', 'true');
    handle.textContent = '⟨ ⟩';
    element.appendChild(handle);
    element.addEventListener('pointerdown', this.grab);
    element.addEventListener('keydown', this.key);
    root.appendChild(element);
    this.element = element;
  }

  get value(): number {
    return this.position;
  }

  /** Moves the divider (0: all B, 1: all A), without telling the listener. */
  set(position: number): void {
    this.position = Math.min(1, Math.max(0, position));
    this.element.style.left = `${this.position * 100}%`;
    this.element.setAttribute('aria-valuenow', String(Math.round(this.position * 100)));
  }

  private move(position: number): void {
    this.set(position);
    this.onMove(this.position);
  }

  private readonly grab = (event: PointerEvent): void => {
    event.preventDefault();
    this.element.setPointerCapture(event.pointerId);
    const drag = (e: PointerEvent) => {
      const box = this.root.getBoundingClientRect();
      this.move((e.clientX - box.left) / box.width);
    };
    const drop = () => {
      this.element.removeEventListener('pointermove', drag);
      this.element.removeEventListener('pointerup', drop);
      this.element.removeEventListener('pointercancel', drop);
    };
    this.element.addEventListener('pointermove', drag);
    this.element.addEventListener('pointerup', drop);
    this.element.addEventListener('pointercancel', drop);
  };

  private readonly key = (event: KeyboardEvent): void => {
    const step = event.shiftKey ? 0.2 : 0.05;
    if (event.key === 'ArrowLeft') this.move(this.position - step);
    else if (event.key === 'ArrowRight') this.move(this.position + step);
    else return;
    event.preventDefault();
  };

  destroy(): void {
    this.element.remove();
  }
}
