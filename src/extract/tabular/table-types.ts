// The shape every tabular reader (csv, json, table) produces, before the map is applied.

/** A cell as found: text, or a list of texts (a JSON array such as HIBP's DataClasses). */
export type Cell = string | string[]

export interface RawRow {
  /** How messages name the row: "row 3 (line 4)" for CSV, "row 3" otherwise. */
  label: string
  /** Cells by column name; a column the row lacks is absent. */
  cells: Map<string, Cell>
}

export interface RawTable {
  /** Column names in document order, each once. */
  columns: string[]
  rows: RawRow[]
}
