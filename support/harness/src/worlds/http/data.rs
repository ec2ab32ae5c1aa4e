//! The Pokémon the server knows: `data/pokemon.tsv`, public facts about the first 151.

use std::sync::OnceLock;

/// One Pokémon, as the PokeAPI describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pokemon {
    pub id: u32,
    pub name: &'static str,
    /// Its types, in slot order.
    pub types: Vec<&'static str>,
    /// In decimetres.
    pub height: u32,
    /// In hectograms.
    pub weight: u32,
}

const TABLE: &str = include_str!("../../../data/pokemon.tsv");

fn all() -> &'static [Pokemon] {
    static ALL: OnceLock<Vec<Pokemon>> = OnceLock::new();
    ALL.get_or_init(|| {
        TABLE
            .lines()
            .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
            .map(|line| {
                let fields: Vec<&'static str> = line.split('\t').collect();
                let number = |i: usize| -> u32 {
                    fields[i]
                        .parse()
                        .unwrap_or_else(|_| panic!("pokemon.tsv: not a number in {line:?}"))
                };
                Pokemon {
                    id: number(0),
                    name: fields[1],
                    types: fields[2].split(',').collect(),
                    height: number(3),
                    weight: number(4),
                }
            })
            .collect()
    })
}

/// Pokémon `id`, if it is one of the 151.
pub fn pokemon(id: u32) -> Option<&'static Pokemon> {
    let all = all();
    id.checked_sub(1).and_then(|i| all.get(i as usize))
}

/// The id a path asks for: `/api/v2/pokemon/25`, or with a trailing slash.
pub fn id_in(path: &str) -> Option<u32> {
    let rest = path.strip_prefix("/api/v2/pokemon/")?;
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_digit()) || rest.len() > 6 {
        return None;
    }
    rest.parse().ok()
}

/// The JSON the server sends for `pokemon`: the PokeAPI's field names and nesting.
pub fn json(pokemon: &Pokemon) -> String {
    let types: Vec<serde_json::Value> = pokemon
        .types
        .iter()
        .enumerate()
        .map(|(slot, name)| serde_json::json!({ "slot": slot + 1, "type": { "name": name } }))
        .collect();
    serde_json::json!({
        "id": pokemon.id,
        "name": pokemon.name,
        "height": pokemon.height,
        "weight": pokemon.weight,
        "types": types,
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_the_151_in_order() {
        let all = all();
        assert_eq!(all.len(), 151);
        for (i, p) in all.iter().enumerate() {
            assert_eq!(p.id as usize, i + 1, "{p:?}");
            assert!(!p.types.is_empty() && p.types.len() <= 2, "{p:?}");
            assert!(p.height > 0 && p.weight > 0, "{p:?}");
        }
        assert_eq!(pokemon(25).map(|p| p.name), Some("pikachu"));
        assert_eq!(pokemon(151).map(|p| p.name), Some("mew"));
        assert_eq!(pokemon(0), None);
        assert_eq!(pokemon(152), None);
    }

    #[test]
    fn paths_name_ids() {
        assert_eq!(id_in("/api/v2/pokemon/25"), Some(25));
        assert_eq!(id_in("/api/v2/pokemon/25/"), Some(25));
        assert_eq!(id_in("/api/v2/pokemon/pikachu"), None);
        assert_eq!(id_in("/api/v2/pokemon/"), None);
        assert_eq!(id_in("/api/v2/type/1"), None);
    }

    #[test]
    fn json_has_the_pokeapi_shape() {
        let text = json(pokemon(1).expect("#1"));
        let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(value["name"], "bulbasaur");
        assert_eq!(value["types"][1]["type"]["name"], "poison");
        assert_eq!(value["weight"], 69);
    }
}
