import ProfileModel
import Reports
import Testing

@Suite("Report numbers per language")
struct ReportNumberTests {
    @Test(
        "Dutch swaps the thousands separator and the decimal mark; English keeps them",
        arguments: [
            (17_404_671.0, 0, ReportLanguage.nl, "17.404.671"),
            (17_404_671.0, 0, ReportLanguage.en, "17,404,671"),
            (2.4149, 2, ReportLanguage.nl, "2,41"),
            (1234.5678, 2, ReportLanguage.nl, "1.234,57"),
            (-1234.5678, 1, ReportLanguage.en, "-1,234.6"),
        ])
    func grouped(value: Double, decimals: Int, language: ReportLanguage, expected: String) {
        #expect(NumberText.grouped(value, decimals: decimals, language: language) == expected)
    }

    @Test("Shares as percentages with a decimal comma in Dutch")
    func percent() {
        #expect(NumberText.percent(0.125, language: .nl) == "12,5%")
        #expect(NumberText.percent(0.125, language: .en) == "12.5%")
        #expect(NumberText.percent(0.4, decimals: 0, language: .nl) == "40%")
    }
}
