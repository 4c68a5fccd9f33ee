//! Field-level differences between two versions of a register object, for the history view and the
//! audit log. Works on the JSON form so that every object type gets the same treatment.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use specta::Type;

/// One changed field. `path` uses the same notation as validation errors (`transfers[0].country`);
/// lists of plain values are compared whole, so `recipients` changes as one field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct FieldChange {
    pub path: String,
    /// JSON of the old value; `null` when the field did not exist.
    pub before: serde_json::Value,
    pub after: serde_json::Value,
}

pub fn diff(before: &Value, after: &Value) -> Vec<FieldChange> {
    let mut out = Vec::new();
    walk("", before, after, &mut out);
    out
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

fn walk(path: &str, before: &Value, after: &Value, out: &mut Vec<FieldChange>) {
    if before == after {
        return;
    }
    match (before, after) {
        (Value::Object(b), Value::Object(a)) => {
            let mut keys: Vec<&String> = b.keys().chain(a.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                walk(&join(path, k), b.get(k).unwrap_or(&Value::Null), a.get(k).unwrap_or(&Value::Null), out);
            }
        }
        // Lists of objects of the same length (data categories, transfers) are compared item by item so
        // that a changed retention period shows as one field; anything else is one change.
        (Value::Array(b), Value::Array(a))
            if b.len() == a.len() && b.iter().chain(a.iter()).all(Value::is_object) =>
        {
            for (i, (x, y)) in b.iter().zip(a).enumerate() {
                walk(&format!("{path}[{i}]"), x, y, out);
            }
        }
        _ => out.push(FieldChange { path: path.to_string(), before: before.clone(), after: after.clone() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reports_changed_fields_only() {
        let b = json!({"name": "Payroll", "recipients": ["A"], "data_categories": [{"category": "X", "retention": {"period": null, "criteria": ""}}]});
        let a = json!({"name": "Payroll", "recipients": ["A", "B"], "data_categories": [{"category": "X", "retention": {"period": null, "criteria": "6 years"}}]});
        let d = diff(&b, &a);
        let paths: Vec<&str> = d.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["data_categories[0].retention.criteria", "recipients"]);
        assert_eq!(d[1].before, json!(["A"]));
        assert_eq!(d[1].after, json!(["A", "B"]));
    }

    #[test]
    fn creation_and_deletion_are_whole_changes() {
        assert_eq!(diff(&Value::Null, &json!({"a": 1})).len(), 1);
        assert!(diff(&json!({"a": 1}), &json!({"a": 1})).is_empty());
    }
}
