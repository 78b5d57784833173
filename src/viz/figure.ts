/** A rendered figure: standalone SVG text plus the size it was drawn at, in CSS pixels. */
export interface Figure {
  readonly name: string;
  readonly title: string;
  readonly svg: string;
  readonly width: number;
  readonly height: number;
}
