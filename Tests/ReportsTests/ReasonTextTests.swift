import Foundation
import ProfileModel
import Recommendations
import Reports
import Testing

/// Reasons are values; ``ReasonText`` writes them per language, with numbers per language.
@Suite("Reason text")
struct ReasonTextTests {
    static let fit = Reason.method(
        .init(
            profiles: [
                .init(id: "a", name: "Zelfbewuste Aanpakkers", share: 0.351, value: 0.8),
                .init(id: "b", name: "Zorgzame Senioren", share: 0.2, value: 0.65),
            ],
            weak: .init(id: "c", name: "Stadse Nomaden", share: 0.12, value: 0.15), participation: .meedoen,
            mode: .offline, groupSize: .small))
    static let reach = Reason.channel(
        .init(
            profiles: [.init(id: "a", name: "Zelfbewuste Aanpakkers", share: 0.35, value: 0.55)],
            via: .init(en: "through their associations and clubs", nl: "via hun verenigingen en clubs")))
    static let team = Reason.coreTeam(
        .init(
            base: 2, departments: 1, extra: 0, adults: 12_345.4, adultsPerMember: 25_000, sum: 3, minimum: 2, maximum: 8
        ))
    static let sessions = Reason.sessions(
        .init(
            served: ["A", "B", "C", "D", "E"], servedFit: 0.5, adults: 24_680, reachTarget: 2.0 / 3.0, turnout: 0.015,
            residents: 246.8, perSession: 8, sessions: 31))

    @Test("English sentences are the ones the JSON has always carried")
    func english() {
        let en = ReasonText(.en)
        #expect(
            en.sentence(Self.fit)
                == "suits Zelfbewuste Aanpakkers (35% of adults, fit 0.80) and Zorgzame Senioren (20%, fit 0.65); a weak fit for Stadse Nomaden (12% of adults, fit 0.15); meedoen, offline, in small groups"
        )
        #expect(
            en.sentence(Self.reach)
                == "reaches an estimated 55% of Zelfbewuste Aanpakkers (35% of adults) through their associations and clubs"
        )
        #expect(
            en.sentence(Self.team)
                == "2 base members (participation official, head of communication) + 1 for the department involved + 0 for 12,345 adults (1 per 25,000) = 3, within the published 2-8"
        )
        #expect(
            en.sentence(Self.sessions)
                == "serves A, B, C and 2 more (fit 0.50 or more; 24,680 adults): 67% reached × 1.5% turnout = 247 residents, 8 per session, 31 sessions"
        )
    }

    @Test("Dutch sentences use Dutch words and numbers: decimal comma, thousands with a point")
    func dutch() {
        let nl = ReasonText(.nl)
        #expect(
            nl.sentence(Self.fit)
                == "past bij Zelfbewuste Aanpakkers (35% van de volwassenen, geschiktheid 0,80) en Zorgzame Senioren (20%, geschiktheid 0,65); past slecht bij Stadse Nomaden (12% van de volwassenen, geschiktheid 0,15); meedoen, offline, in kleine groepen"
        )
        #expect(
            nl.sentence(Self.reach)
                == "bereikt naar schatting 55% van de Zelfbewuste Aanpakkers (35% van de volwassenen) via hun verenigingen en clubs"
        )
        #expect(nl.sentence(Self.team).contains("12.345 volwassenen (1 per 25.000) = 3, binnen de gepubliceerde 2-8"))
        #expect(
            nl.sentence(Self.sessions).hasSuffix(
                "67% bereikt × 1,5% opkomst = 247 inwoners, 8 per bijeenkomst, 31 bijeenkomsten"))
        for reason: Reason in [Self.fit, Self.reach, Self.team, Self.sessions, .ecologicalEstimate] {
            let text = nl.sentence(reason)
            for english in ["suits", "reaches", "of adults", "fit 0", "turnout", "session", "Ecological"] {
                #expect(!text.contains(english), "\(text)")
            }
        }
    }

    @Test("the same value always gives the same sentence, in text and in JSON", arguments: Language.allCases)
    func sameValueSameSentence(language: Language) throws {
        let writer = ReasonText(language)
        let copy = Self.fit
        #expect(writer.sentence(Self.fit) == writer.sentence(copy))
        let json = try JSONText.encode([Self.fit, copy, Self.reach], language: language)
        let decoded = try JSONDecoder().decode([String].self, from: Data(json.utf8))
        #expect(decoded == [writer.sentence(Self.fit), writer.sentence(Self.fit), writer.sentence(Self.reach)])
        // A sentence read back is written as it was read, in any language.
        let read = try JSONDecoder().decode([Reason].self, from: Data(json.utf8))
        #expect(read.map(ReasonText(.en).sentence) == decoded)
    }

    @Test("names follow the encoder's language; read back they are the file's text")
    func localizedNames() throws {
        let name = LocalizedText(en: "Letter to residents", nl: "Bewonersbrief")
        #expect(try JSONText.encode([name], language: .nl).contains("Bewonersbrief"))
        #expect(try JSONText.encode([name], language: .en).contains("Letter to residents"))
        let read = try JSONDecoder().decode([LocalizedText].self, from: Data(#"["Bewonersbrief"]"#.utf8))
        #expect(read == [LocalizedText("Bewonersbrief")])
    }
}
