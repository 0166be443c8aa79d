/** A progress bar with ETA on stderr: redrawn in place on a terminal, a line per 10% otherwise. */
export class Progress {
  private readonly start = performance.now();
  private lastDecile = -1;
  constructor(private readonly label: string, private readonly stream: NodeJS.WriteStream = process.stderr) {}

  update(done: number, total: number): void {
    const frac = total === 0 ? 1 : done / total;
    const elapsed = (performance.now() - this.start) / 1000;
    const eta = done > 0 ? (elapsed / done) * (total - done) : NaN;
    const clock = (s: number) => (Number.isFinite(s) ? `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, "0")}` : "?:??");
    const width = 28;
    const filled = Math.round(frac * width);
    const line = `${this.label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total}  elapsed ${clock(elapsed)}  ETA ${clock(eta)}`;
    if (this.stream.isTTY) {
      this.stream.write(`\r${line}`);
      if (done === total) this.stream.write("\n");
    } else {
      const decile = Math.floor(frac * 10);
      if (decile !== this.lastDecile) {
        this.lastDecile = decile;
        this.stream.write(line + "\n");
      }
    }
  }
}
