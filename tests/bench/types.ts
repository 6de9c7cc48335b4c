export interface BenchRow {
  id: number;
  what: string;
  unit: string;
  ours: number;
  peer: number | null;
  ratio: number | null;
  target: string;
  met: boolean;
  /** Figures behind the row (lost lines, the machine's own floor...), for whoever reads the JSON. */
  detail?: Record<string, number | string>;
}
