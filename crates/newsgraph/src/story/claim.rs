//! Comparable statements extracted from one document (quantities with what they
//! count, ages, dates of events, participants in roles, who said what).
