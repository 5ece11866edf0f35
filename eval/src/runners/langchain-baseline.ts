import { Document } from '@langchain/core/documents';
import { Embeddings } from '@langchain/core/embeddings';
import { MemoryVectorStore } from '@langchain/classic/vectorstores/memory';
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import type { Embedder, SourceDocument } from '@threadline/knowledge';

/**
 * LangChain's `Embeddings` over one of our embedders, so the baseline sees exactly the vectors our
 * index sees (same model, same cache): only chunking and search differ.
 */
export class ThreadlineEmbeddings extends Embeddings {
  constructor(private readonly embedder: Embedder) {
    super({});
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    const vectors = await this.embedder.embed(documents, { inputType: 'document' });
    return vectors.map((vector) => Array.from(vector));
  }

  async embedQuery(document: string): Promise<number[]> {
    const [vector] = await this.embedder.embed([document], { inputType: 'query' });
    return Array.from(vector ?? []);
  }
}

/** The text a typical loader would hand LangChain: the path and title as a first line, then the body. */
export function plainText(document: SourceDocument): string {
  const heading = [...(document.sectionPath ?? []), document.title].filter((part) => part.trim().length > 0).join(' > ');
  return heading.length > 0 ? `${heading}\n\n${document.markdown}` : document.markdown;
}

export interface LangchainBaseline {
  /** Chunks the splitter made. */
  readonly chunkCount: number;
  /** External ids of the documents of the top `k` chunks, best first. */
  search(query: string, k: number): Promise<string[]>;
}

/**
 * The baseline a developer gets from the LangChain docs: `RecursiveCharacterTextSplitter` with its
 * defaults (1,000 characters, 200 overlap) and a `MemoryVectorStore` (exact cosine scan in
 * JavaScript) over the same embedder. `PGVectorStore` would run the same exact scan in Postgres;
 * the in-memory store keeps the baseline free of a second schema.
 */
export async function buildLangchainBaseline(
  documents: readonly SourceDocument[],
  embedder: Embedder,
  onProgress?: (done: number, total: number) => void,
): Promise<LangchainBaseline> {
  const splitter = new RecursiveCharacterTextSplitter();
  const chunks = await splitter.splitDocuments(documents.map((document) => new Document({ pageContent: plainText(document), metadata: { externalId: document.externalId } })));
  const store = new MemoryVectorStore(new ThreadlineEmbeddings(embedder));
  // addDocuments in slices only to report progress; the store is the same as fromDocuments builds.
  for (let start = 0; start < chunks.length; start += 256) {
    await store.addDocuments(chunks.slice(start, start + 256));
    onProgress?.(Math.min(chunks.length, start + 256), chunks.length);
  }
  return {
    chunkCount: chunks.length,
    async search(query, k) {
      const results = await store.similaritySearch(query, k);
      return results.map((result) => String(result.metadata.externalId));
    },
  };
}
