//! Enums for kinds and flags whose JSON is their `snake_case` name.

/// Declare an enum of named kinds or flags: each variant serialises as its name (the same
/// JSON as a string field), with `as_str`, `Display`, comparison with `&str`, and — for an
/// open set (`other: Variant`) — a variant keeping a name the parser did not know, with
/// `from_name` choosing it. Callers derive `serde::Serialize` and `schemars::JsonSchema`
/// through this macro, so they depend on both.
///
/// ```
/// foothold_core::named_enum! {
///     /// What kind of fruit.
///     #[derive(Default)]
///     pub enum Fruit {
///         /// An apple.
///         #[default]
///         Apple => "apple",
///         /// A blood orange.
///         BloodOrange => "blood_orange",
///     }
///     other: /** Anything else, by name. */ Other
/// }
/// assert_eq!(Fruit::from_name("blood_orange"), Fruit::BloodOrange);
/// assert_eq!(Fruit::from_name("kiwi").as_str(), "kiwi");
/// assert!(Fruit::Apple == "apple");
/// assert_eq!(serde_json::to_string(&Fruit::from_name("kiwi")).unwrap(), r#""kiwi""#);
/// assert_eq!(serde_json::to_string(&Fruit::BloodOrange).unwrap(), r#""blood_orange""#);
/// ```
#[macro_export]
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $text:literal, )+
        }
        other: $(#[$ometa:meta])* $other:ident
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, schemars::JsonSchema)]
        $vis enum $name {
            $( $(#[$vmeta])* #[serde(rename = $text)] $variant, )+
            $(#[$ometa])*
            #[serde(untagged)]
            $other(String),
        }

        impl $name {
            /// The name, as serialised.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $text, )+
                    Self::$other(s) => s.as_str(),
                }
            }

            /// The variant of a name; a name not listed is kept by name.
            pub fn from_name(name: &str) -> Self {
                match name {
                    $( $text => Self::$variant, )+
                    _ => Self::$other(name.to_string()),
                }
            }
        }

        $crate::named_enum!(@traits $name);
    };
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $text:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, schemars::JsonSchema)]
        $vis enum $name {
            $( $(#[$vmeta])* #[serde(rename = $text)] $variant, )+
        }

        impl $name {
            /// Every variant, in the order declared.
            pub const ALL: &'static [Self] = &[ $( Self::$variant, )+ ];

            /// The name, as serialised.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $text, )+
                }
            }

            /// The variant of a name; `None` for a name not listed.
            pub fn from_name(name: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == name)
            }
        }

        $crate::named_enum!(@traits $name);
    };
    (@traits $name:ident) => {
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }
    };
}
