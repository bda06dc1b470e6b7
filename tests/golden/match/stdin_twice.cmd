cwfilter match -
