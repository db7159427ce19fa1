/**
 * Counts work in flight anywhere in the mesh (user requests and service visits), so a
 * run can stop draining the moment the last measured consequence has finished instead
 * of simulating periodic timers (outlier-detection ticks) until a fixed limit.
 */
export class MeshActivity {
  private live = 0;
  private draining = false;

  constructor(private readonly onIdle: () => void) {}

  begin(): void {
    this.live++;
  }

  end(): void {
    this.live--;
    if (this.live === 0 && this.draining) this.onIdle();
  }

  /** Arrivals have stopped: from now on, reaching zero in-flight work ends the run. */
  startDraining(): void {
    this.draining = true;
    if (this.live === 0) this.onIdle();
  }
}
