/// Text placed in Markdown so that it reads as written.
public enum MarkdownText {
    /// `text` for a heading, a list item or a table cell: line breaks flattened, and the
    /// characters Markdown would read as markup (`\ ` * _ [ ] < > |`) escaped with a backslash.
    public static func inline(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.split(whereSeparator: \.isNewline).joined(separator: " ") {
            if "\\`*_[]<>|".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
