import Reports
import Testing

/// The pieces every report is written with: numbers, tables, CSV, Markdown text.
@Suite("Report text")
struct ReportsTextTests {
    @Test(
        "numbers are grouped by thousands and rounded to the decimals asked",
        arguments: [
            (17_404_635.4, 0, "17,404,635"), (999.5, 0, "1,000"), (-1234.5678, 2, "-1,234.57"), (12, 0, "12"),
            (1_000_000, 2, "1,000,000.00"),
        ])
    func grouped(value: Double, decimals: Int, expected: String) {
        #expect(NumberText.grouped(value, decimals: decimals) == expected)
    }

    @Test("shares become percentages; a missing index becomes the placeholder")
    func percentAndIndex() {
        #expect(NumberText.percent(0.125) == "12.5%")
        #expect(NumberText.percent(0.3333, decimals: 0) == "33%")
        #expect(NumberText.index(309.4) == "309")
        #expect(NumberText.index(nil) == "-")
        #expect(NumberText.index(nil, missing: "–") == "–")
    }

    @Test("a text table pads each column to its widest cell and right-aligns the numeric ones")
    func textTable() {
        let table = TextTable.render(["name", "n"], [["a", "1"], ["longer", "100"]], rightAligned: [1])
        #expect(table == "name      n\n------  ---\na         1\nlonger  100")
    }

    @Test("CSV quotes fields holding the delimiter, quotes or line breaks, and doubles quotes")
    func csvQuoting() {
        var csv = CSVText()
        csv.append(row: ["plain", "a,b", "say \"hi\"", "two\nlines"])
        #expect(csv.text == "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\n")
        var dutch = CSVText(delimiter: ";", decimalComma: true)
        dutch.append(field: "a,b")
        dutch.append(number: 2.5)
        dutch.endRow()
        #expect(dutch.text == "a,b;2,5\n")
    }

    @Test("Markdown text escapes what Markdown would read as markup and flattens line breaks")
    func markdownText() {
        #expect(MarkdownText.inline("Lombok | Oog in Al") == "Lombok \\| Oog in Al")
        #expect(MarkdownText.inline("*aan zee*\nnoord_west") == "\\*aan zee\\* noord\\_west")
        #expect(MarkdownText.inline("'s-Gravenhage") == "'s-Gravenhage")
    }
}
