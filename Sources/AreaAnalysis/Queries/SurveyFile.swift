public import Foundation
public import ProfileModel

/// A resident survey as a CSV file: the columns `postcode` and `profile` (a profile id of
/// the set), and optionally `weight`.
public enum SurveyFile {
    /// The responses of the survey at `url`, with profiles looked up in `set`.
    ///
    /// Rows shorter than the needed columns are skipped; an unknown profile or a weight that
    /// is not a non-negative number is an error naming the file and line.
    public static func responses(at url: URL, set: ProfileSet) throws -> [SurveyResponse] {
        let table = try CSVTable(url: url)
        let columns = try table.indices(of: ["postcode", "profile"])
        let weightColumn = table.header.firstIndex(of: "weight")
        let bandColumn = table.header.firstIndex(of: "age_band")
        let needed = columns.max() ?? 0
        var responses: [SurveyResponse] = []
        for (line, row) in table.rows.enumerated() where row.count > needed {
            let lineNumber = line + 2
            guard let profile = set.index(of: row[columns[1]]) else {
                throw ProfileModelError(
                    .invalidData,
                    "\(url.lastPathComponent), line \(lineNumber): '\(row[columns[1]])' is not a profile of set '\(set.id)' (\(set.profiles.map(\.id).joined(separator: ", ")))",
                    input: .survey)
            }
            var weight = 1.0
            if let weightColumn, weightColumn < row.count, !row[weightColumn].isEmpty {
                guard let value = Double(row[weightColumn]), value >= 0, value.isFinite else {
                    throw ProfileModelError(
                        .invalidData,
                        "\(url.lastPathComponent), line \(lineNumber): weight '\(row[weightColumn])' is not a non-negative number",
                        input: .survey)
                }
                weight = value
            }
            var band: PersonAttribute?
            if let bandColumn, bandColumn < row.count, !row[bandColumn].isEmpty {
                band = PersonAttribute(rawValue: row[bandColumn])
                guard let band, SurveyResponse.ageBands.contains(band) else {
                    throw ProfileModelError(
                        .invalidData,
                        "\(url.lastPathComponent), line \(lineNumber): age band '\(AreaAnalysisError.echo(row[bandColumn]))' is not one of \(SurveyResponse.ageBands.map(\.rawValue).joined(separator: ", "))",
                        input: .survey)
                }
            }
            responses.append(
                SurveyResponse(postcode: row[columns[0]], profile: profile, weight: weight, ageBand: band))
        }
        guard responses.contains(where: { $0.weight > 0 }) else {
            throw GeoprofileError(
                .invalidData,
                "\(url.lastPathComponent) has no respondent with a weight above 0; nothing can be calibrated on it",
                input: .survey)
        }
        return responses
    }

    /// Re-estimates the dataset's profile set from the survey at `url` (see
    /// ``SurveyCalibration``), with every postcode of the dataset as the population.
    public static func calibrate(
        _ data: PostcodeDataset, survey url: URL, mode: SurveyCalibration.Mode, priorStrength: Double
    ) throws -> CalibrationResult {
        let responses = try responses(at: url, set: data.profileSet)
        let inputs = try data.records().map {
            PostcodeInput(postcode: $0.postcode, residents: $0.residents, demographics: $0.demographics)
        }
        return try SurveyCalibration.calibrate(
            estimator: try data.estimator(), postcodes: inputs, responses: responses, mode: mode,
            surveyName: url.lastPathComponent, priorStrength: priorStrength)
    }
}
