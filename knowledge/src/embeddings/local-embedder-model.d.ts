/** The loaded local model (see local-embedder-model.js). */
export interface LocalModel {
  /** TF.js backend the model runs on (`wasm` normally). */
  readonly backend: string;
  /** Time to load the weights and run a first inference, in ms. */
  readonly loadMs: number;
  /** One vector per text, in order; blank texts are embedded as a single space. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

export function loadLocalModel(): Promise<LocalModel>;
