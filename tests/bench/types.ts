export interface BenchRow {
  id: number;
  what: string;
  unit: string;
  ours: number;
  peer: number | null;
  ratio: number | null;
  target: string;
  met: boolean;
}
