import Foundation
import ProfileModel
import TestSupport
import Testing

/// Profile sets as data: the shipped sets load, and every kind of bad file is refused
/// with a sentence that names the problem.
@Suite("Profile sets")
struct ProfileSetTests {
    static let profilesFolder = Repository.url("Data/profiles")

    @Test("the Citisens set has eight profiles whose shares add up to 1, three of them assumptions")
    func citisens() throws {
        let set = try ProfileSet.load(from: Self.profilesFolder.appendingPathComponent("citisens-2017.json"))
        #expect(set.profiles.count == 8)
        #expect(abs(set.profiles.reduce(0) { $0 + $1.share } - 1) < 1e-9)
        let assumed = set.profiles.filter(\.shareBasis.isAssumption).map(\.id)
        #expect(assumed.sorted() == ["eigengereide-digitalen", "geinformeerde-gezinsdrukte", "stadse-nomaden"])
        let published = set.profiles.filter { !$0.shareBasis.isAssumption }.map { $0.share }
        #expect(published == [0.06, 0.18, 0.16, 0.06, 0.17])
    }

    @Test("the three-profile test set loads; without Dutch descriptions the English ones stand in")
    func threeProfiles() throws {
        let set = try ProfileSet.load(from: Self.profilesFolder.appendingPathComponent("test-three.json"))
        #expect(set.profiles.map(\.id) == ["urban", "family", "senior"])
        #expect(set.profiles.allSatisfy { $0.descriptionNL == nil && $0.description(in: .nl) == $0.description })
    }

    @Test("the Citisens set describes every profile in Dutch as well as in English")
    func dutchDescriptions() throws {
        let set = try ProfileSet.load(from: Self.profilesFolder.appendingPathComponent("citisens-2017.json"))
        for profile in set.profiles {
            let dutch = profile.description(in: .nl)
            #expect(profile.descriptionNL != nil && dutch != profile.description && !dutch.isEmpty, "\(profile.id)")
            #expect(profile.description(in: .en) == profile.description)
        }
    }

    static func write(_ json: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("set-\(UUID().uuidString).json")
        try Data(json.utf8).write(to: url)
        return url
    }

    static func profile(_ id: String, share: Double, feature: String = "urbanity", basis: String = #"{"source": "s"}"#)
        -> String
    {
        #"{"id": "\#(id)", "name": "\#(id)", "share": {"value": \#(share), "basis": \#(basis)}, "signature": [{"feature": "\#(feature)", "weight": 1, "rationale": "r"}]}"#
    }

    static func set(_ profiles: [String]) -> String {
        #"{"id": "bad", "name": "bad", "profiles": [\#(profiles.joined(separator: ","))]}"#
    }

    @Test(
        "bad profile-set files are refused with a clear sentence",
        arguments: [
            (set([profile("a", share: 0.5), profile("a", share: 0.5)]), "lists the profile id 'a' twice"),
            (set([profile("a", share: 0.5), profile("b", share: 0.4)]), "add up to 0.9000, not 1"),
            (
                set([profile("a", share: 0.5), profile("b", share: 0.5, feature: "shoe_size")]),
                "unknown variable 'shoe_size'"
            ),
            (
                set([profile("a", share: 0.5), profile("b", share: 0.5, basis: "{}")]),
                "exactly one of \"source\" or \"assumption\""
            ),
            (set([profile("a", share: 1.5), profile("b", share: -0.5)]), "must lie between 0 and 1"),
            (
                set([
                    profile("a", share: 0.5).replacingOccurrences(
                        of: #""name": "a","#, with: #""name": "a", "description_nl": "Een","#),
                    profile("b", share: 0.5),
                ]),
                "profile 'b' has no Dutch description (\"description_nl\") while profile 'a' has one"
            ),
            (
                set([profile("a", share: 0.5), profile("b", share: 0.5, feature: "age_75_plus")]),
                "an age or household-with-children weight belongs in \"person_effects\""
            ),
            (
                set([
                    profile("a", share: 0.5),
                    #"{"id": "b", "name": "b", "share": {"value": 0.5, "basis": {"source": "s"}}, "person_effects": [{"attribute": "age_12_14", "effect": 1, "basis": {"source": "s"}}]}"#,
                ]),
                "not a person attribute"
            ),
            (
                set([
                    profile("a", share: 0.5),
                    #"{"id": "b", "name": "b", "share": {"value": 0.5, "basis": {"source": "s"}}, "person_effects": [{"attribute": "age_75_plus", "effect": 1, "basis": {}}]}"#,
                ]),
                "the effect of 'age_75_plus' on profile 'b' needs exactly one"
            ),
            (#"{"id": "x", "name": "x", "profiles": "#, "is not a valid profile set"),
        ])
    func badFiles(json: String, message: String) throws {
        let url = try Self.write(json)
        defer { try? FileManager.default.removeItem(at: url) }
        let error = try #require(throws: ProfileModelError.self) { try ProfileSet.load(from: url) }
        #expect(error.code == .invalidData)
        #expect(error.message.contains(message), "\(error.message)")
    }

    @Test("a missing file is a missing input, not bad data")
    func missingFile() throws {
        let error = try #require(throws: ProfileModelError.self) {
            try ProfileSet.load(from: URL(fileURLWithPath: "/nonexistent/set.json"))
        }
        #expect(error.code == .missingInput)
    }
}

@Suite("Profile mixes")
struct ProfileMixTests {
    @Test("shares, national index and dominant profiles of a mix")
    func mix() throws {
        let set = try ProfileSet.load(from: ProfileSetTests.profilesFolder.appendingPathComponent("test-three.json"))
        // urban 0.40, family 0.35, senior 0.25 nationally
        let mix = try ProfileMix(set: set, residents: [600, 300, 100])
        #expect(mix.total == 1000)
        #expect(mix.shares == [0.6, 0.3, 0.1])
        let indices = mix.indices()
        #expect(abs(indices[0]! - 150) < 1e-9)
        #expect(abs(indices[2]! - 40) < 1e-9)
        #expect(mix.dominant == [0])
        let even = try ProfileMix(set: set, residents: [300, 300, 400])
        #expect(even.dominant == [2, 1]) // senior first; at the tie "family" sorts before "urban"
        #expect(try ProfileMix(set: set, residents: [0, 0, 0]).shares == [0, 0, 0])
        #expect(throws: ProfileModelError.self) { try ProfileMix(set: set, residents: [1, -1, 0]) }
    }
}
