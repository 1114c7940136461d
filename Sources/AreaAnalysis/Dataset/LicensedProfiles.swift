public import Foundation
public import ProfileModel

/// Profile figures per postcode from a licensed source or a survey, replacing the model's.
///
/// CSV with a `postcode` column and one column per profile id of the set, holding either
/// counts (any non-negative numbers) or shares (each row sums to 1). The kind is detected:
/// shares when every row sums to 1 within 0.001, counts otherwise. The figures describe
/// adults (15+), as the profiles do: counts are turned into shares of adults per postcode
/// and applied to the postcode's adults, so totals stay CBS's.
public enum LicensedProfiles {
    /// Shares of adults per postcode, in the set's profile order.
    public static func read(_ url: URL, set: ProfileSet, postcodes: Set<String>) throws(AreaAnalysisError) -> [String:
        [Double]]
    {
        let table = try CSVTable(url: url)
        let name = url.lastPathComponent
        let postcodeIndex = try table.indices(of: ["postcode"])[0]
        var indices: [Int] = []
        for profile in set.profiles {
            guard let index = table.header.firstIndex(of: profile.id) else {
                throw AreaAnalysisError(
                    .invalidData,
                    "\(name) has no column for profile '\(profile.id)' of set '\(set.id)'; it needs the columns postcode, \(set.profiles.map(\.id).joined(separator: ", "))"
                )
            }
            indices.append(index)
        }
        var values: [String: [Double]] = [:]
        for (line, row) in table.rows.enumerated() {
            let lineNumber = line + 2
            guard row.count > postcodeIndex else { continue }
            let postcode = row[postcodeIndex]
            guard postcodes.contains(postcode) else {
                throw AreaAnalysisError(
                    .invalidData, "\(name), line \(lineNumber): postcode '\(postcode)' is not in the dataset")
            }
            guard values[postcode] == nil else {
                throw AreaAnalysisError(.invalidData, "\(name), line \(lineNumber): postcode \(postcode) appears twice")
            }
            var numbers: [Double] = []
            for (k, index) in indices.enumerated() {
                let text = index < row.count ? row[index].replacingOccurrences(of: ",", with: ".") : ""
                guard let number = Double(text), number.isFinite else {
                    throw AreaAnalysisError(
                        .invalidData,
                        "\(name), line \(lineNumber): '\(index < row.count ? row[index] : "")' for profile '\(set.profiles[k].id)' is not a number"
                    )
                }
                guard number >= 0 else {
                    throw AreaAnalysisError(
                        .invalidData,
                        "\(name), line \(lineNumber): profile '\(set.profiles[k].id)' has the negative value \(number) for postcode \(postcode)"
                    )
                }
                numbers.append(number)
            }
            values[postcode] = numbers
        }
        let areShares = values.values.allSatisfy { abs($0.reduce(0, +) - 1) <= 1e-3 }
        var shares: [String: [Double]] = [:]
        for (postcode, numbers) in values {
            let total = numbers.reduce(0, +)
            if total > 0 {
                shares[postcode] = numbers.map { $0 / total }
            } else if !areShares {
                // A postcode with zero counts keeps the national shares.
                shares[postcode] = set.profiles.map(\.share)
            }
        }
        return shares
    }
}
