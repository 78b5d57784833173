export function checkSmoothing(loss: string, eps: number): void {
  if (!(eps >= 0 && eps < 1)) throw new Error(`${loss}: labelSmoothing must be in [0, 1), got ${eps}`);
}
