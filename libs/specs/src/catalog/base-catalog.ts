import { buildCatalog, SpecCatalog } from './catalog';
import { DICTIONARY_FILES, TRANSACTION_SET_FILES } from './spec-files';

let catalog: SpecCatalog | null = null;

/** The catalog of every spec shipped in edi-specs/, built once. */
export function baseCatalog(): SpecCatalog {
  if (catalog === null) catalog = buildCatalog(DICTIONARY_FILES, TRANSACTION_SET_FILES);
  return catalog;
}
