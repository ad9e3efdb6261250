import { FunctionalGroupEnvelope, TransactionSetEnvelope, TransactionValidation, TRANSACTION_ERROR } from '@tradewire/x12';
import { SpecCatalog } from '../catalog/catalog';
import { GuideFile } from '../model/guide';
import { validateTransaction } from './validate-transaction';

/** Chooses the partner guide for a transaction set, if any. */
export type GuideChooser = (set: string, version: string) => GuideFile | undefined;

/**
 * Validates every transaction set of a document as the parser finishes it. Use as
 * `parseX12(input, { keepSegments: 'transient', onTransactionSet: v.onTransactionSet })`.
 */
export class DocumentValidator {
  /** Validations by transaction set, in document order. */
  readonly results = new Map<TransactionSetEnvelope, TransactionValidation>();

  constructor(private readonly catalog: SpecCatalog, private readonly guideFor: GuideChooser = () => undefined) {}

  readonly onTransactionSet = (tx: TransactionSetEnvelope, group: FunctionalGroupEnvelope | null): void => {
    this.results.set(tx, this.validate(tx, group));
  };

  private validate(tx: TransactionSetEnvelope, group: FunctionalGroupEnvelope | null): TransactionValidation {
    const version = (group?.version ?? '').slice(0, 6);
    if (group === null || !this.catalog.has(tx.set, version)) {
      // AK501 R with AK502 1: a set we have no spec for is not supported.
      const why = group === null ? 'it has no functional group, so no version' : `edi-specs/ has no spec for ${tx.set} version ${version}`;
      return { set: tx.set, control: tx.control, specId: null, segments: [], transactionErrors: [TRANSACTION_ERROR.NOT_SUPPORTED], notValidated: why };
    }
    return validateTransaction(tx, this.catalog.spec(tx.set, version, this.guideFor(tx.set, version)));
  }
}
