// Validation decodes strings and names into stack buffers on every call; zeroing them first is wasted work, as
// every buffer is written before it is read.
[module: System.Runtime.CompilerServices.SkipLocalsInit]
