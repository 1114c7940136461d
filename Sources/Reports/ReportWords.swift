internal import ProfileModel

/// The words of the printed report in one language: Dutch in plain language (B1) by
/// default, or English.
struct ReportWords {
    let language: ReportLanguage

    init(_ language: ReportLanguage) { self.language = language }

    private func t(_ nl: String, _ en: String) -> String { language == .nl ? nl : en }

    /// The fixed words, for the template.
    var dictionary: [String: String] {
        [
            "report": t("Gebiedsrapport", "Area report"),
            "estimatesShort": t(
                "De profielcijfers zijn schattingen van een model, geen metingen.",
                "Profile figures are model estimates, not measurements."),
            "dateLabel": t("Gemaakt op", "Made on"),
            "overview": t("Overzicht van de gebieden", "Overview of the zones"),
            "overviewMapCaption": t(
                "Elk gebied heeft de kleur van het profiel met de meeste volwassenen.",
                "Each zone has the colour of the profile with most adults."),
            "zone": t("Gebied", "Zone"),
            "residents": t("Inwoners", "Residents"),
            "adults": t("Volwassenen", "Adults"),
            "children": t("Kinderen", "Children"),
            "largestProfile": t("Grootste profiel", "Largest profile"),
            "warning": t("Let op", "Note"),
            "mapCaption": t(
                "Het gebied (zwarte lijn) over de postcodegebieden die meetellen. De kleur is het profiel met de meeste volwassenen in die postcode. Gearceerd: cijfers van CBS zijn daar (deels) geschat.",
                "The zone (black line) over the postcode areas that count. The colour is the profile with most adults in that postcode. Hatched: CBS figures there are (partly) estimated."
            ),
            "locatorCaption": t("Waar het gebied ligt.", "Where the zone lies."),
            "flagged": t("cijfers (deels) geschat", "figures (partly) estimated"),
            "compositionTitle": t("Wie wonen hier?", "Who lives here?"),
            "compositionCaption": t(
                "Balk: aandeel van de volwassenen in het gebied. Streep: aandeel in Nederland. Stippelstreep: aandeel in de vergelijking.",
                "Bar: share of the zone's adults. Line: share in the Netherlands. Dashed line: share in the comparison."
            ),
            "profile": t("Profiel", "Profile"),
            "shareOfAdults": t("Aandeel volwassenen", "Share of adults"),
            "indexNL": t("Index NL", "Index NL"),
            "index": t("Index", "Index"),
            "indexTitle": t("Meer of minder dan gemiddeld?", "More or fewer than average?"),
            "indexCaption": t(
                "Index = aandeel in het gebied gedeeld door aandeel in Nederland, keer 100. Bij 100 is het gelijk aan het land. Boven 100: meer dan gemiddeld.",
                "Index = share in the zone divided by share in the Netherlands, times 100. At 100 it equals the country. Above 100: more than average."
            ),
            "gamePlanTitle": t("Grote en opvallende groepen", "Large and distinctive groups"),
            "gamePlanCaption": t(
                "Rechts: grote groepen. Boven de lijn: meer dan gemiddeld. Rechtsboven staan de kerngroepen; linksboven kleine maar opvallende groepen.",
                "Right: large groups. Above the line: more than average. Top right are the core groups; top left small but distinctive groups."
            ),
            "smallTitle": t("Elk profiel per postcode", "Each profile per postcode"),
            "smallCaption": t(
                "Per profiel: het aandeel van de volwassenen in elke postcode. Hoe donkerder, hoe groter het aandeel.",
                "Per profile: its share of the adults in each postcode. The darker, the larger the share."),
            "portraits": t("De profielen", "The profiles"),
            "portraitsIntro": t(
                "Korte beschrijving van elk profiel, uit de profielset.",
                "A short description of each profile, from the profile set."),
            "approach": t("Aanpak per fase", "Approach per phase"),
            "approachIntro": t(
                "Welke werkvormen en kanalen passen bij de mensen in de gebieden samen. Fasenplan:",
                "Which methods and channels suit the people of the zones taken together. Phase plan:"),
            "methods": t("Werkvormen", "Methods"),
            "channel": t("Kanaal (✓ = in de mix)", "Channel (✓ = in the mix)"),
            "reach": t("Bereik", "Reach"),
            "why": t("Waarom", "Why"),
            "reachCaption": t(
                "Balk: deel van elk profiel dat de kanalen samen bereiken. Streep: het doel.",
                "Bar: part of each profile the channels reach together. Line: the target."),
            "provenance": t("Waar komen de cijfers vandaan?", "Where do the figures come from?"),
            "coverage": t("Dekking door postcodegebieden", "Coverage by postcode areas"),
            "sources": t("Bronbestanden", "Source files"),
            "file": t("Bestand", "File"),
        ]
    }

    var credit: String { "Bron: CBS" }
    var nationalBase: String { t("Nederland", "Netherlands") }
    var hundred: String { t("100 = Nederland", "100 = Netherlands") }
    var compositionTitle: String { t("Wie wonen hier?", "Who lives here?") }
    var indexTitle: String { t("Index tegen Nederland", "Index against the Netherlands") }
    var gamePlanTitle: String { t("Aandeel tegen index", "Share against index") }
    var shareAxis: String { t("Aandeel van de volwassenen", "Share of adults") }
    var indexAxis: String { t("Index (100 = Nederland)", "Index (100 = Netherlands)") }
    var reachTitle: String { t("Bereik per profiel", "Reach per profile") }

    func base(_ label: String) -> String {
        switch label {
        case "municipality": return t("gemeente", "municipality")
        default: return label
        }
    }

    func target(_ value: String) -> String { t("doel \(value)", "target \(value)") }

    func subtitle(zones: Int, residents: String, adults: String, children: String) -> String {
        let count =
            zones == 1 ? t("1 gebied", "1 zone") : t("\(zones) gebieden", "\(zones) zones")
        return t(
            "\(count), \(residents) inwoners: \(adults) volwassenen en \(children) kinderen. De profielen gaan over volwassenen (15 jaar en ouder).",
            "\(count), \(residents) residents: \(adults) adults and \(children) children. The profiles describe adults (15 and over)."
        )
    }

    func facts(residents: String, adults: String, children: String, households: String, area: String, coverage: String)
        -> String
    {
        t(
            "Inwoners: \(residents) (volwassenen \(adults), kinderen \(children)). Huishoudens: \(households). Oppervlakte: \(area) km². Dekking door postcodegebieden: \(coverage).",
            "Residents: \(residents) (adults \(adults), children \(children)). Households: \(households). Area: \(area) km². Coverage by postcode areas: \(coverage)."
        )
    }

    func municipality(_ name: String) -> String {
        t("De meeste inwoners wonen in de gemeente \(name).", "Most residents live in the municipality of \(name).")
    }

    func dominant(_ names: String) -> String {
        names.isEmpty ? "" : t("Grootste profielen: \(names).", "Largest profiles: \(names).")
    }

    func postcodes(_ count: Int, whole: Int) -> String {
        t(
            "\(count) postcodegebied\(count == 1 ? "" : "en") tellen mee (\(whole) helemaal).",
            "\(count) postcode area\(count == 1 ? "" : "s") count (\(whole) whole).")
    }

    func mixReach(_ reach: String, target: String, met: Bool) -> String {
        t(
            "De kanalen in de mix bereiken samen naar schatting \(reach) van de volwassenen (doel \(target): \(met ? "gehaald" : "niet gehaald")).",
            "The channels in the mix together reach an estimated \(reach) of adults (target \(target): \(met ? "met" : "not met"))."
        )
    }

    func underreached(_ names: String) -> String {
        t(
            "Deze profielen bereikt de mix minder dan het doel: \(names).",
            "The mix reaches these profiles less than the target: \(names).")
    }

    var estimates: String {
        t(
            "De profielcijfers zijn schattingen van een model op basis van CBS-cijfers. Het zijn geen metingen.",
            "Profile figures are model estimates from CBS figures, not measurements.")
    }

    var adultsNote: String {
        t(
            "Profielen gelden voor volwassenen (15 jaar en ouder). Aandelen zijn aandelen van de volwassenen. Kinderen tellen mee bij de inwoners, niet bij de profielen.",
            "Profiles describe adults (15 and over); shares are shares of adults. Children count among the residents, not in the profiles."
        )
    }

    var apportionment: String {
        t(
            "Valt een postcodegebied maar voor een deel in het gebied, dan telt hetzelfde deel van de mensen mee. We nemen aan dat mensen gelijk verspreid wonen binnen een postcode.",
            "Where a postcode area lies partly in a zone, the same part of its people counts. Residents are assumed to be spread evenly within a postcode."
        )
    }

    var assumptions: String {
        t(
            "Aannames: de verdeling van mensen binnen een postcode, het model dat profielen schat, en bereik en geschiktheid van kanalen en werkvormen (zie de tabellen van de aanbeveler). Gearceerde postcodes hebben geheime of ontbrekende CBS-cijfers; daar is een schatting gebruikt.",
            "Assumptions: how people are spread within a postcode, the model that estimates profiles, and the reach and fit of channels and methods (see the recommender's tables). Hatched postcodes have secret or missing CBS figures; an estimate is used there."
        )
    }

    var reachAssumption: String {
        t(
            "Bij het bereik tellen we kanalen alsof ze los van elkaar werken. Het echte bereik is daarom waarschijnlijk lager.",
            "Reach counts channels as if independent; the real reach is therefore probably lower.")
    }

    func vintage(_ vintage: String, title: String) -> String {
        t("Cijfers: CBS, \(title), jaargang \(vintage).", "Figures: CBS, \(title), vintage \(vintage).")
    }

    func modelVersion(_ method: String, set: String) -> String {
        t("Model: \(method). Profielset: \(set).", "Model: \(method). Profile set: \(set).")
    }

    func generated(date: String, version: String) -> String {
        t("Gemaakt op \(date) met geoprofile \(version).", "Made on \(date) with geoprofile \(version).")
    }

    func licence(_ licence: String, attribution: String) -> String {
        t("Licentie: \(licence). \(attribution)", "Licence: \(licence). \(attribution)")
    }

    func coverageLine(_ zone: String, _ coverage: String) -> String {
        t(
            "\(zone): \(coverage) van het gebied ligt in postcodegebieden.",
            "\(zone): \(coverage) of the zone lies in postcode areas.")
    }
}
