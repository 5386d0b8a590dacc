//! Statistical named-entity tagger (averaged perceptron over word, shape, affix,
//! context and gazetteer features), trained by `newsgraph train`. (Being built: issue 5.)
