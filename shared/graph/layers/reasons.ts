// The reasons a layer's importer gives for a Keras layer or ONNX node it cannot read, as message data. Each
// layer file keeps its reasons' English beside its readers (a table handed to `reasons`) and lists the table in
// its definition's `reasons`; shared/i18n/tables.ts folds them into the catalogue as reason.<key>, which
// zh-CN.tables.ts translates. Keys are one namespace: the same key always has the same English.
import { msg, type Msg, type MsgParams } from '../../i18n/msg';

export interface Reasons<K extends string> {
  /** The reason `key` with its values, as a message (reason.<key>). */
  (key: K, params?: MsgParams): Msg;
  /** Key -> English with {{placeholders}}. */
  readonly table: Readonly<Record<K, string>>;
}

export function reasons<K extends string>(table: Readonly<Record<K, string>>): Reasons<K> {
  return Object.assign((key: K, params?: MsgParams): Msg => msg(`reason.${key}`, params), { table });
}
