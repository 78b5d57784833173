/** A rendered figure: standalone SVG text with its intended pixel size, browser-safe. */
export interface Figure {
  readonly name: string;
  readonly title: string;
  readonly svg: string;
  readonly width: number;
  readonly height: number;
}
