// Read a CSV file in the browser, to show an import row by row: the same delimiters as the server. Pure.

/** Records of the text (a blank line is an empty record, so numbers match the spreadsheet's rows). */
export function parseCsv(text) {
  const source = text.replace(/^\uFEFF/, "");
  const firstLine = source.split("\n", 1)[0];
  const counts = [";", ",", "\t"].map((d) => [d, firstLine.split(d).length - 1]);
  const delimiter = counts.reduce((best, next) => (next[1] > best[1] ? next : best), [",", 0])[0];
  const records = [];
  let record = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < source.length; i += 1) {
    const char = source[i];
    if (quoted) {
      if (char === '"' && source[i + 1] === '"') { cell += '"'; i += 1; }
      else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"' && cell === "") {
      quoted = true;
    } else if (char === delimiter) {
      record.push(cell);
      cell = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && source[i + 1] === "\n") i += 1;
      record.push(cell);
      records.push(record.length === 1 && record[0] === "" ? [] : record);
      record = [];
      cell = "";
    } else {
      cell += char;
    }
  }
  if (cell !== "" || record.length) {
    record.push(cell);
    records.push(record);
  }
  return records;
}

/** The index of the first header cell that names one of `aliases` (compared lower-cased), or -1. */
export function columnIndex(header, aliases) {
  return header.findIndex((title) => aliases.includes(title.trim().toLowerCase().replace(/\s+/g, " ")));
}

/** The data rows with their spreadsheet row numbers (the header is row 1), blank rows left out. */
export function dataRows(records) {
  return records.slice(1).map((cells, index) => ({ row: index + 2, cells }))
    .filter(({ cells }) => cells.some((cell) => cell.trim() !== ""));
}
