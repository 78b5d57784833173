export interface DemoContext {
  readonly seed: number;
  readonly write: (text: string) => void;
}

export interface Demo {
  readonly summary: string;
  /** Runs the demonstration, printing as it goes; returns whether every claim it checks held. */
  run(ctx: DemoContext): boolean;
}
