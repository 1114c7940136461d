public import AreaAnalysis
internal import Foundation
internal import Mustache
public import ProfileModel
public import Recommendations

/// Everything a printed area report shows: the analysis, the geometry to draw, the
/// recommendation and the provenance. Values only; ``AreaReport/html(_:)`` turns them
/// into one self-contained HTML file.
public struct AreaReportInput: Sendable {
    /// The analysis of the zones (what `analyze --format json` gives).
    public var analysis: AnalysisReport
    /// Each zone's shape, in the order of `analysis.zones`.
    public var zoneShapes: [MapShape]
    /// The contributing postcodes of all zones, each once.
    public var postcodes: [MapPostcode]
    /// A simplified outline of the country for the locator maps.
    public var country: MapShape
    /// The recommended methods and channels for the zones taken together, if any.
    public var recommendation: Recommendation?
    /// The staffed, dated plan for the zones taken together, when the report shows it.
    public var plan: ProcessPlan?
    /// The dataset's provenance: vintage, sources, model and profile set.
    public var metadata: DatasetMetadata
    /// The report's title (the zone's name, or the zone file's name).
    public var title: String
    /// The date printed on the report (`YYYY-MM-DD`): an input, so equal inputs give equal bytes.
    public var date: String
    /// The tool's version.
    public var toolVersion: String
    /// The report's language.
    public var language: ReportLanguage

    /// Creates the input of a report.
    public init(
        analysis: AnalysisReport, zoneShapes: [MapShape], postcodes: [MapPostcode], country: MapShape,
        recommendation: Recommendation?, metadata: DatasetMetadata, title: String, date: String,
        toolVersion: String, language: ReportLanguage, plan: ProcessPlan? = nil
    ) {
        self.plan = plan
        self.analysis = analysis
        self.zoneShapes = zoneShapes
        self.postcodes = postcodes
        self.country = country
        self.recommendation = recommendation
        self.metadata = metadata
        self.title = title
        self.date = date
        self.toolVersion = toolVersion
        self.language = language
    }
}

/// The printed area report: maps, composition charts, portraits, recommendations and
/// provenance, as one HTML file with A4 print styles and no external reference.
public enum AreaReport {
    /// The report as HTML. Equal inputs give equal bytes.
    public static func html(_ input: AreaReportInput) throws -> String {
        let words = ReportWords(input.language)
        let language = input.language
        let set = input.metadata.profileSet
        let national = normalised(input.metadata.references.national)
        let zones = input.analysis.zones
        let multi = zones.count > 1
        func g(_ value: Double) -> String { NumberText.grouped(value, language: language) }
        func pct(_ value: Double) -> String { NumberText.percent(value, language: language) }
        func names(_ ids: [String]) -> String {
            ids.compactMap { id in set.profiles.first { $0.id == id }?.name }.joined(separator: ", ")
        }
        let colourByID = Dictionary(
            set.profiles.enumerated().map { ($1.id, ReportSVG.colour($0)) }, uniquingKeysWith: { a, _ in a })

        // Postcodes by code, the country's projection for the locator maps.
        let postcodeByCode = Dictionary(input.postcodes.map { ($0.shape.id, $0) }, uniquingKeysWith: { a, _ in a })
        let countryBox =
            input.country.envelope ?? Envelope(minX: 13_000, minY: 306_000, maxX: 278_000, maxY: 620_000)
        let countryProjection = ReportSVG.Projection(box: countryBox, width: 400, padding: 0.02)
        let compareLabel = input.analysis.compareTo.map { words.base($0) }

        var zoneViews: [[String: Any]] = []
        for (z, zone) in zones.enumerated() {
            let shape = z < input.zoneShapes.count ? input.zoneShapes[z] : MapShape(id: zone.id, polygons: [])
            let parts = zone.postcodes.filter { $0.weight > 0 }.compactMap { postcodeByCode[$0.postcode] }
            var box = shape.envelope
            for part in parts {
                if let b = part.shape.envelope { box = box.map { $0.union(b) } ?? b }
            }
            let dominantIndex = zone.dominant.first.flatMap { id in set.profiles.firstIndex { $0.id == id } }
            let map = ReportSVG.map(
                postcodes: parts, zones: [(shape, dominantIndex)],
                box: box ?? countryBox, words: words, className: "map")
            let locator = ReportSVG.locator(
                boxes: shape.envelope.map { [$0] } ?? [], projection: countryProjection)
            let legend = legendItems(parts.compactMap(\.dominant), set: set)
            let composition = ReportSVG.bars(
                zone.profiles.enumerated().map { k, p in
                    var marks: [(Double, Int)] = [(k < national.count ? national[k] : 0, 0)]
                    if let compare = p.indexCompare, compare > 0 { marks.append((p.share * 100 / compare, 1)) }
                    return ReportSVG.Bar(
                        label: p.name, colour: ReportSVG.colour(k), value: p.share, text: pct(p.share), marks: marks)
                },
                maximum: max(
                    zone.profiles.map(\.share).max() ?? 0, national.max() ?? 0,
                    zone.profiles.compactMap { p in p.indexCompare.flatMap { $0 > 0 ? p.share * 100 / $0 : nil } }
                        .max() ?? 0) * 1.05,
                markNames: [words.nationalBase] + (compareLabel.map { [$0] } ?? []),
                caption: words.compositionTitle)
            let indexChart = ReportSVG.index(
                zone.profiles.enumerated().map { (label: $1.name, colour: ReportSVG.colour($0), index: $1.index) },
                caption: words.indexTitle, hundred: words.hundred)
            let gamePlan = ReportSVG.gamePlan(
                zone.profiles.enumerated().map {
                    (label: $1.name, colour: ReportSVG.colour($0), share: $1.share, index: $1.index)
                },
                caption: words.gamePlanTitle, xLabel: words.shareAxis, yLabel: words.indexAxis, language: language)
            let rows: [[String: Any]] = zone.profiles.enumerated().map { k, p in
                [
                    "name": p.name, "colour": ReportSVG.colour(k), "adults": g(p.adults), "share": pct(p.share),
                    "index": NumberText.index(p.index, missing: "–"),
                    "indexCompare": NumberText.index(p.indexCompare, missing: "–"),
                ]
            }
            // Small multiples for a zone of several postcodes, in reports of up to 20 zones.
            var smalls: [[String: Any]] = []
            if parts.count > 1, zones.count <= smallMultiplesLimit, let box {
                smalls = set.profiles.enumerated().map { k, profile in
                    [
                        "name": profile.name,
                        "svg": ReportSVG.smallMultiple(
                            postcodes: parts, zone: shape, box: box, profile: k, name: profile.name),
                    ]
                }
            }
            let whole = zone.postcodes.filter { $0.weight >= 0.999 }.count
            zoneViews.append([
                "id": zone.id, "name": zone.name ?? zone.id, "anchor": "zone-\(z + 1)",
                "facts": words.facts(
                    residents: g(zone.residents), adults: g(zone.adults), children: g(zone.children),
                    households: g(zone.households),
                    area: NumberText.grouped(zone.areaM2 / 1_000_000, decimals: 2, language: language),
                    coverage: pct(zone.coverage)),
                "municipality": zone.municipality.map { words.municipality($0) } ?? "",
                "dominant": words.dominant(names(zone.dominant)),
                "postcodes": words.postcodes(parts.count, whole: whole),
                "map": map, "locator": locator, "legend": legend,
                "composition": composition, "indexChart": indexChart, "gamePlan": gamePlan,
                "rows": rows, "hasCompare": compareLabel != nil, "warnings": zone.warnings,
                "hasWarnings": !zone.warnings.isEmpty, "smalls": smalls, "hasSmalls": !smalls.isEmpty,
            ])
        }

        var overview: [String: Any] = [:]
        if multi {
            let shapes = zones.enumerated().map { z, zone in
                (
                    shape: z < input.zoneShapes.count ? input.zoneShapes[z] : MapShape(id: zone.id, polygons: []),
                    dominant: zone.dominant.first.flatMap { id in set.profiles.firstIndex { $0.id == id } }
                )
            }
            let box =
                shapes.compactMap(\.shape.envelope).reduce(nil as Envelope?) { total, next in
                    total.map { $0.union(next) } ?? next
                }
                ?? countryBox
            overview["map"] = ReportSVG.map(postcodes: [], zones: shapes, box: box, words: words, className: "map")
            overview["legend"] = legendItems(shapes.compactMap(\.dominant), set: set)
            overview["rows"] = zones.enumerated().map { z, zone -> [String: Any] in
                [
                    "anchor": "zone-\(z + 1)", "name": zone.name ?? zone.id, "residents": g(zone.residents),
                    "adults": g(zone.adults), "children": g(zone.children),
                    "dominant": names(Array(zone.dominant.prefix(1))),
                    "colour": zone.dominant.first.flatMap { colourByID[$0] } ?? "#fff",
                ]
            }
        }

        let portraits: [[String: Any]] = set.profiles.enumerated().map { k, p in
            ["name": p.name, "colour": ReportSVG.colour(k), "description": p.description(in: language)]
        }

        var phases: [[String: Any]] = []
        if let recommendation = input.recommendation {
            let reasons = ReasonText(language)
            for phase in recommendation.phases {
                let mixChannels = phase.channels.filter { phase.mix.channels.contains($0.id) }
                let reach = set.profiles.map { profile in
                    1
                        - mixChannels.reduce(1.0) { missed, channel in
                            missed * (1 - (channel.reachByProfile.first { $0.profile == profile.id }?.value ?? 0))
                        }
                }
                let target = recommendation.settings.reachTarget
                let chart = ReportSVG.bars(
                    set.profiles.enumerated().map { k, p in
                        ReportSVG.Bar(
                            label: p.name, colour: ReportSVG.colour(k), value: reach[k], text: pct(reach[k]),
                            marks: [(target, 0)])
                    }, maximum: 1, markNames: [words.target(pct(target))], caption: words.reachTitle)
                let under = phase.mix.underreached.map { u in
                    "\(set.profiles.first { $0.id == u.profile }?.name ?? u.profile) (\(pct(u.reach)))"
                }
                phases.append([
                    "name": phase.name[language],
                    "methods": phase.methods.map {
                        ["name": $0.name[language], "reason": reasons.sentence($0.reason)]
                    },
                    "channels": shownChannels(phase).map {
                        [
                            "name": $0.name[language], "reach": pct($0.reach), "reason": reasons.sentence($0.reason),
                            "inMix": phase.mix.channels.contains($0.id),
                        ] as [String: Any]
                    },
                    "mixReach": words.mixReach(pct(phase.mix.reach), target: pct(target), met: phase.mix.targetMet),
                    "reachChart": chart,
                    "underreached": under.isEmpty ? "" : words.underreached(under.joined(separator: ", ")),
                ])
            }
        }

        // The date in words (`1 december 2026`) when it is a calendar day, else as given.
        let printedDate =
            (try? PhasePlan.Day(parsing: input.date)).map { DayText.day($0, language: language) } ?? input.date
        let meta = input.metadata
        var provenance: [String] = [
            words.estimates,
            words.vintage(meta.cbsVintage, title: meta.cbsTitle),
            words.modelVersion(meta.model.method, set: "\(set.name(in: language)) \(set.version)"),
            words.adultsNote,
            words.apportionment,
            words.assumptions,
            words.reachAssumption,
            words.generated(date: printedDate, version: input.toolVersion),
        ]
        provenance.append(words.licence(meta.licence, attribution: meta.attribution))
        let sources = meta.build.sources.map { ["name": $0.name, "sha256": $0.sha256] }
        let coverage = zones.filter { !multi || $0.coverage < CompositionBuilder.coverageWarning }.map {
            words.coverageLine($0.name ?? $0.id, pct($0.coverage))
        }

        let totals = zones.reduce(into: (0.0, 0.0, 0.0)) {
            $0.0 += $1.residents
            $0.1 += $1.adults
            $0.2 += $1.children
        }
        let context: [String: Any] = [
            "lang": language.rawValue,
            "w": words.dictionary.merging(PlanWords(language).dictionary, uniquingKeysWith: { first, _ in first }),
            "title": input.title,
            "subtitle": words.subtitle(
                zones: zones.count, residents: g(totals.0), adults: g(totals.1),
                children: g(totals.2)),
            "date": printedDate,
            "defs": ReportSVG.definitions(country: input.country, projection: countryProjection),
            "multi": multi, "overview": overview, "zones": zoneViews, "portraits": portraits,
            "hasPhases": !phases.isEmpty, "phases": phases,
            "planName": input.recommendation?.settings.planName[language] ?? "",
            "hasPlan": input.plan != nil,
            "plan": input.plan.map { PlanReport.context($0, language: language) } ?? [:],
            "provenance": provenance, "sources": sources, "coverage": coverage, "hasCoverage": !coverage.isEmpty,
            "compareLabel": compareLabel ?? "",
            "shareLegend": shareLegend(language),
            "css": css,
        ]
        return try MustacheTemplate(string: template).render(context)
    }

    /// Up to this many zones, each zone of several postcodes gets small multiples.
    static let smallMultiplesLimit = 20

    /// The legend of the small multiples' share classes.
    static func shareLegend(_ language: ReportLanguage) -> [[String: Any]] {
        let bounds = ReportSVG.shareBounds
        func pct(_ value: Double) -> String { NumberText.percent(value, decimals: 0, language: language) }
        return ReportSVG.shareOpacity.indices.map { i in
            let label =
                i == 0
                ? "< \(pct(bounds[0]))"
                : i == bounds.count ? "≥ \(pct(bounds[i - 1]))" : "\(pct(bounds[i - 1]))–\(pct(bounds[i]))"
            return ["label": label, "opacity": ReportSVG.n(ReportSVG.shareOpacity[i])]
        }
    }

    /// The channels a phase shows: the mix, then the next best three.
    static func shownChannels(_ phase: Recommendation.PhaseRecommendation) -> [Recommendation.ChannelRecommendation] {
        let inMix = phase.channels.filter { phase.mix.channels.contains($0.id) }
        let others = phase.channels.filter { !phase.mix.channels.contains($0.id) }.prefix(3)
        return inMix + others
    }

    static func normalised(_ counts: [Double]) -> [Double] {
        let total = counts.reduce(0, +)
        return counts.map { total > 0 ? $0 / total : 0 }
    }

    /// The legend of a map: the profiles that occur, in the set's order.
    static func legendItems(_ present: [Int], set: ProfileSet) -> [[String: Any]] {
        let occurring = Set(present)
        return set.profiles.indices.filter { occurring.contains($0) }.map {
            ["name": set.profiles[$0].name, "colour": ReportSVG.colour($0)]
        }
    }

    static let css = """
        @page { size: A4; margin: 15mm 14mm 16mm 14mm; }
        * { box-sizing: border-box; }
        body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10pt; color: #111; \
        margin: 0 auto; max-width: 182mm; line-height: 1.35; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        h1 { font-size: 20pt; margin: 0 0 2mm; }
        h2 { font-size: 15pt; margin: 6mm 0 2mm; border-bottom: 2px solid #0072B2; padding-bottom: 1mm; }
        h3 { font-size: 11.5pt; margin: 4mm 0 1.5mm; break-after: avoid; }
        h2 { break-after: avoid; }
        p { margin: 1mm 0 2mm; }
        .sub { color: #333; }
        section.zone, section.part { break-before: page; }
        header + section.zone { break-before: auto; }
        figure { margin: 0 0 3mm; break-inside: avoid; }
        figcaption { font-size: 8.5pt; color: #333; }
        svg.map { width: 100%; height: auto; max-height: 150mm; border: 1px solid #999; }
        svg.locator { width: 40mm; height: auto; }
        svg.chart { width: 100%; height: auto; }
        .smalls { display: grid; grid-template-columns: repeat(4, 1fr); gap: 2mm; }
        .smalls figure { margin: 0; }
        svg.small { width: 100%; height: auto; border: 1px solid #bbb; }
        svg.defs { position: absolute; width: 0; height: 0; }
        .maps { display: flex; gap: 4mm; align-items: flex-start; }
        .maps figure:first-child { flex: 1; }
        .legend { display: flex; flex-wrap: wrap; gap: 1mm 4mm; font-size: 8.5pt; margin: 1mm 0; }
        .swatch { display: inline-block; width: 3.5mm; height: 3.5mm; border: 1px solid #333; \
        vertical-align: -0.5mm; margin-right: 1mm; }
        .hatch { background: repeating-linear-gradient(45deg, #fff 0 1.5px, #000 1.5px 2.5px); }
        table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 1mm 0 3mm; break-inside: auto; }
        th, td { border-bottom: 1px solid #bbb; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
        td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
        tr { break-inside: avoid; }
        .warning { border-left: 3px solid #D55E00; padding-left: 2mm; }
        .portrait { break-inside: avoid; margin: 0 0 2mm; }
        .muted { color: #444; font-size: 8.5pt; }
        code { font-size: 7.5pt; word-break: break-all; }
        """

    static let template = """
        <!DOCTYPE html>
        <html lang="{{lang}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{w.report}}: {{title}}</title>
        <style>
        {{{css}}}
        </style>
        </head>
        <body>
        {{{defs}}}
        <header>
        <h1>{{w.report}}: {{title}}</h1>
        <p class="sub">{{subtitle}}</p>
        <p class="muted">{{w.estimatesShort}} {{w.dateLabel}} {{date}}.</p>
        </header>
        {{#multi}}
        <section class="overview">
        <h2>{{w.overview}}</h2>
        <figure>{{{overview.map}}}<figcaption>{{w.overviewMapCaption}}</figcaption></figure>
        <div class="legend">{{#overview.legend}}<span><span class="swatch" style="background:{{colour}}"></span>{{name}}</span>{{/overview.legend}}</div>
        <table>
        <thead><tr><th>{{w.zone}}</th><th class="n">{{w.residents}}</th><th class="n">{{w.adults}}</th><th class="n">{{w.children}}</th><th>{{w.largestProfile}}</th></tr></thead>
        <tbody>
        {{#overview.rows}}<tr><td><a href="#{{anchor}}">{{name}}</a></td><td class="n">{{residents}}</td><td class="n">{{adults}}</td><td class="n">{{children}}</td><td><span class="swatch" style="background:{{colour}}"></span>{{dominant}}</td></tr>
        {{/overview.rows}}
        </tbody>
        </table>
        </section>
        {{/multi}}
        {{#zones}}
        <section class="zone" id="{{anchor}}">
        <h2>{{name}}</h2>
        <p>{{facts}} {{municipality}}</p>
        <p>{{dominant}} {{postcodes}}</p>
        {{#hasWarnings}}{{#warnings}}<p class="warning">{{w.warning}}: {{.}}</p>{{/warnings}}{{/hasWarnings}}
        <div class="maps">
        <figure>{{{map}}}<figcaption>{{w.mapCaption}}</figcaption></figure>
        <figure>{{{locator}}}<figcaption>{{w.locatorCaption}}</figcaption></figure>
        </div>
        <div class="legend">{{#legend}}<span><span class="swatch" style="background:{{colour}}"></span>{{name}}</span>{{/legend}}<span><span class="swatch hatch"></span>{{w.flagged}}</span></div>
        <h3>{{w.compositionTitle}}</h3>
        <figure>{{{composition}}}<figcaption>{{w.compositionCaption}}</figcaption></figure>
        <table>
        <thead><tr><th>{{w.profile}}</th><th class="n">{{w.adults}}</th><th class="n">{{w.shareOfAdults}}</th><th class="n">{{w.indexNL}}</th>{{#hasCompare}}<th class="n">{{w.index}} {{compareLabel}}</th>{{/hasCompare}}</tr></thead>
        <tbody>
        {{#rows}}<tr><td><span class="swatch" style="background:{{colour}}"></span>{{name}}</td><td class="n">{{adults}}</td><td class="n">{{share}}</td><td class="n">{{index}}</td>{{#hasCompare}}<td class="n">{{indexCompare}}</td>{{/hasCompare}}</tr>
        {{/rows}}
        </tbody>
        </table>
        <h3>{{w.indexTitle}}</h3>
        <figure>{{{indexChart}}}<figcaption>{{w.indexCaption}}</figcaption></figure>
        <h3>{{w.gamePlanTitle}}</h3>
        <figure>{{{gamePlan}}}<figcaption>{{w.gamePlanCaption}}</figcaption></figure>
        {{#hasSmalls}}
        <h3>{{w.smallTitle}}</h3>
        <div class="smalls">{{#smalls}}<figure>{{{svg}}}<figcaption>{{name}}</figcaption></figure>{{/smalls}}</div>
        <div class="legend">{{#shareLegend}}<span><span class="swatch" style="background:rgba(0,0,0,{{opacity}})"></span>{{label}}</span>{{/shareLegend}}</div>
        <p class="muted">{{w.smallCaption}}</p>
        {{/hasSmalls}}
        </section>
        {{/zones}}
        <section class="part">
        <h2>{{w.portraits}}</h2>
        <p>{{w.portraitsIntro}}</p>
        {{#portraits}}<div class="portrait"><h3><span class="swatch" style="background:{{colour}}"></span>{{name}}</h3><p>{{description}}</p></div>
        {{/portraits}}
        </section>
        {{#hasPhases}}
        <section class="part">
        <h2>{{w.approach}}</h2>
        <p>{{w.approachIntro}} {{planName}}</p>
        {{#phases}}
        <h3>{{name}}</h3>
        <p><strong>{{w.methods}}</strong></p>
        <ul>{{#methods}}<li><strong>{{name}}</strong>: {{reason}}</li>{{/methods}}</ul>
        <table>
        <thead><tr><th>{{w.channel}}</th><th class="n">{{w.reach}}</th><th>{{w.why}}</th></tr></thead>
        <tbody>
        {{#channels}}<tr><td>{{name}}{{#inMix}} ✓{{/inMix}}</td><td class="n">{{reach}}</td><td>{{reason}}</td></tr>
        {{/channels}}
        </tbody>
        </table>
        <p>{{mixReach}}</p>
        <figure>{{{reachChart}}}<figcaption>{{w.reachCaption}}</figcaption></figure>
        {{#underreached}}<p class="warning">{{underreached}}</p>{{/underreached}}
        {{/phases}}
        </section>
        {{/hasPhases}}
        \(PlanReport.template)
        <section class="part">
        <h2>{{w.provenance}}</h2>
        <ul>{{#provenance}}<li>{{.}}</li>{{/provenance}}</ul>
        {{#hasCoverage}}<h3>{{w.coverage}}</h3><ul>{{#coverage}}<li>{{.}}</li>{{/coverage}}</ul>{{/hasCoverage}}
        <h3>{{w.sources}}</h3>
        <table><thead><tr><th>{{w.file}}</th><th>SHA-256</th></tr></thead><tbody>
        {{#sources}}<tr><td>{{name}}</td><td><code>{{sha256}}</code></td></tr>
        {{/sources}}
        </tbody></table>
        </section>
        </body>
        </html>

        """
}
