//! Renders query results as an aligned table, JSON (`{"headers", "rows"}`),
//! JSON lines (one object per row) or CSV (RFC 4180 quoting).

use std::io::{self, Write};

use codegraph_core::query::to_json;
use cozo::{DataValue, NamedRows};
use serde_json::{json, Map, Value};

use crate::args::Format;

pub fn write_rows(out: &mut dyn Write, rows: &NamedRows, format: Format) -> io::Result<()> {
    match format {
        Format::Table => write_table(out, rows),
        Format::Json => {
            let body = json!({
                "headers": rows.headers,
                "rows": rows.rows.iter().map(|row| row.iter().map(to_json).collect::<Vec<_>>()).collect::<Vec<_>>(),
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&body)?)
        }
        Format::Jsonl => {
            for row in &rows.rows {
                let object: Map<String, Value> = rows
                    .headers
                    .iter()
                    .cloned()
                    .zip(row.iter().map(to_json))
                    .collect();
                writeln!(out, "{}", Value::Object(object))?;
            }
            Ok(())
        }
        Format::Dot => write_dot(out, rows),
        Format::Csv => {
            writeln!(
                out,
                "{}",
                rows.headers
                    .iter()
                    .map(|h| csv_field(h))
                    .collect::<Vec<_>>()
                    .join(",")
            )?;
            for row in &rows.rows {
                let fields: Vec<String> = row
                    .iter()
                    .map(|value| csv_field(&plain_text(value)))
                    .collect();
                writeln!(out, "{}", fields.join(","))?;
            }
            Ok(())
        }
    }
}

/// A value as a person reads it: strings unquoted, null empty.
pub fn plain_text(value: &DataValue) -> String {
    match value {
        DataValue::Null => String::new(),
        DataValue::Str(text) => text.to_string(),
        other => match to_json(other) {
            Value::String(text) => text,
            json => json.to_string(),
        },
    }
}

/// Graphviz: each row is an edge from its first column to its second; the
/// other columns label it.
fn write_dot(out: &mut dyn Write, rows: &NamedRows) -> io::Result<()> {
    let quote = |text: String| text.replace('\\', "\\\\").replace('"', "\\\"");
    writeln!(out, "digraph codegraph {{")?;
    writeln!(out, "  rankdir=LR;")?;
    for row in rows.rows.iter().filter(|row| row.len() >= 2) {
        let from = quote(plain_text(&row[0]));
        let to = quote(plain_text(&row[1]));
        let label: Vec<String> = row[2..]
            .iter()
            .map(plain_text)
            .filter(|t| !t.is_empty())
            .collect();
        if label.is_empty() {
            writeln!(out, "  \"{from}\" -> \"{to}\";")?;
        } else {
            writeln!(
                out,
                "  \"{from}\" -> \"{to}\" [label=\"{}\"];",
                quote(label.join(" "))
            )?;
        }
    }
    writeln!(out, "}}")
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn write_table(out: &mut dyn Write, rows: &NamedRows) -> io::Result<()> {
    let cells: Vec<Vec<String>> = rows
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|value| plain_text(value).replace('\n', "\\n"))
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = rows.headers.iter().map(|h| h.chars().count()).collect();
    for row in &cells {
        for (column, cell) in row.iter().enumerate() {
            if column < widths.len() {
                widths[column] = widths[column].max(cell.chars().count());
            }
        }
    }
    let line = |values: &[String]| -> String {
        let last = values.len().saturating_sub(1);
        values
            .iter()
            .enumerate()
            .map(|(column, value)| {
                if column == last {
                    value.clone()
                } else {
                    let pad = widths[column].saturating_sub(value.chars().count());
                    format!("{value}{}", " ".repeat(pad))
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
    };
    writeln!(out, "{}", line(&rows.headers))?;
    writeln!(
        out,
        "{}",
        line(&widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>())
    )?;
    for row in &cells {
        writeln!(out, "{}", line(row).trim_end())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> NamedRows {
        NamedRows::new(
            vec!["path".into(), "line".into()],
            vec![
                vec![DataValue::from("a::b"), DataValue::from(3i64)],
                vec![DataValue::from("say \"hi\", bye"), DataValue::Null],
            ],
        )
    }

    fn render(format: Format) -> String {
        let mut out = Vec::new();
        write_rows(&mut out, &sample(), format).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn csv_quotes_what_needs_quoting() {
        assert_eq!(
            render(Format::Csv),
            "path,line\na::b,3\n\"say \"\"hi\"\", bye\",\n"
        );
    }

    #[test]
    fn json_has_headers_and_rows_and_jsonl_has_objects() {
        let json: Value = serde_json::from_str(&render(Format::Json)).unwrap();
        assert_eq!(json["headers"], json!(["path", "line"]));
        assert_eq!(json["rows"][0], json!(["a::b", 3]));
        let first_line = render(Format::Jsonl).lines().next().unwrap().to_string();
        assert_eq!(
            serde_json::from_str::<Value>(&first_line).unwrap(),
            json!({"path": "a::b", "line": 3})
        );
    }

    #[test]
    fn table_aligns_columns() {
        let table = render(Format::Table);
        let lines: Vec<&str> = table.lines().collect();
        // The widest cell of the first column, `say "hi", bye`, is 13 wide.
        assert_eq!(lines[0], "path           line");
        assert_eq!(lines[1], "-------------  ----");
        assert_eq!(lines[2], "a::b           3");
    }
}
