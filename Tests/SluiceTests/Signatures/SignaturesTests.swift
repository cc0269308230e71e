import Testing

/// Parent of every signature suite, so `swift test --filter Signatures` selects exactly them.
@Suite enum SignaturesTests {}
