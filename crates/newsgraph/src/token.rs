//! Word tokens of a cleaned text, as byte spans. (Being built: issue 5.)
