import ProfileModel
import Testing

/// The one error type: a sentence whose inputs each front end phrases its own way.
@Suite("Errors")
struct GeoprofileErrorTests {
    @Test("an input named in the sentence is phrased by the front end and becomes the error's input")
    func phrasedInputs() {
        let error = GeoprofileError(
            .usage, "zones.shp has no CRS; give it with \(input: .crs), e.g. \(input: .crs) EPSG:28992")
        #expect(error.input == .crs)
        #expect(error.text.inputs == [.crs, .crs])
        #expect(
            error.phrased { "--\($0.rawValue)" } == "zones.shp has no CRS; give it with --crs, e.g. --crs EPSG:28992")
        #expect(error.message == "zones.shp has no CRS; give it with crs, e.g. crs EPSG:28992")
    }

    @Test("an explicit input wins over the sentence's; a plain sentence has none unless given")
    func explicitInput() {
        let plain = GeoprofileError(.invalidData, "zone 3 has no value in the id field 'code'")
        #expect(plain.input == nil)
        let tagged = GeoprofileError(.invalidData, "zone 3 has no value in the id field 'code'", input: .idField)
        #expect(tagged.input == .idField)
        let both = GeoprofileError(.invalidData, "a point needs \(input: .radius)", input: .zones)
        #expect(both.input == .zones)
    }

    @Test("interpolated values read as in a plain string; the library's message follows in parentheses")
    func valuesAndLibraryMessage() {
        let count = 2
        let name: String? = nil
        let error = GeoprofileError(
            .library, "\(count) zones, name \(name ?? "none")", libraryMessage: "TopologyException")
        #expect(error.description == "2 zones, name none (TopologyException)")
        #expect(error.text.segments == [.text("2 zones, name none")])
    }
}
