//! The function registry: unique names, editors lowercase, converters uppercase, optional
//! parameters last, and the functions the README lists.

use otelcol_ottl::funcs::{all, lookup};
use std::collections::HashSet;

#[test]
fn every_function_is_registered_once_with_a_well_formed_signature() {
    let mut seen = HashSet::new();
    for f in all() {
        assert!(seen.insert(f.name), "{} registered twice", f.name);
        let first = f.name.chars().next().unwrap_or('x');
        assert_eq!(f.is_editor(), first.is_ascii_lowercase(), "{}", f.name);
        let first_optional = f
            .params
            .iter()
            .position(|p| p.optional)
            .unwrap_or(f.params.len());
        assert!(
            f.params[first_optional..].iter().all(|p| p.optional),
            "{}: optional parameters come last",
            f.name
        );
    }
    let editors = all().filter(|f| f.is_editor()).count();
    let converters = all().filter(|f| !f.is_editor()).count();
    assert_eq!((editors, converters), (16, 86));
}

#[test]
fn the_functions_the_issue_asks_for_exist() {
    let required = [
        "set",
        "delete_key",
        "delete_matching_keys",
        "keep_keys",
        "keep_matching_keys",
        "merge_maps",
        "replace_pattern",
        "replace_all_patterns",
        "replace_match",
        "replace_all_matches",
        "truncate_all",
        "limit",
        "flatten",
        "append",
        "delete_index",
        "stringify_all",
        "IsMap",
        "IsString",
        "IsList",
        "IsInt",
        "IsDouble",
        "IsBool",
        "IsMatch",
        "String",
        "Int",
        "Double",
        "Concat",
        "Split",
        "ParseJSON",
        "ParseKeyValue",
        "Time",
        "UnixNano",
        "UnixSeconds",
        "UnixMilli",
        "UnixMicro",
        "Now",
        "SHA256",
        "SHA1",
        "SHA512",
        "MD5",
        "FNV",
        "Murmur3Hash",
        "XXH3",
        "Len",
        "ToLowerCase",
        "ToUpperCase",
        "Substring",
        "ExtractPatterns",
        "Base64Encode",
        "Bool",
        "Coalesce",
        "Format",
        "FormatTime",
        "HasPrefix",
        "HasSuffix",
        "Hex",
        "Index",
        "Keys",
        "Values",
        "ParseCSV",
        "ParseInt",
        "ParseSeverity",
        "SliceToMap",
        "Sort",
        "ToCamelCase",
        "ToSnakeCase",
        "Trim",
        "TrimPrefix",
        "TrimSuffix",
        "TruncateTime",
        "Unix",
        "Duration",
        "URL",
        "UUID",
    ];
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|n| lookup(n).is_none())
        .collect();
    assert!(missing.is_empty(), "missing: {missing:?}");
}
