import Foundation
import ProfileModel
import Testing

@Suite("Survey calibration")
struct SurveyCalibrationTests {
    @Test("targets: a profile met twice as often as expected gets a larger national share")
    func targets() throws {
        let set = try EstimationModelTests.citisens()
        let postcodes = EstimationModelTests.country(count: 80)
        let estimator = ProfileEstimator.fit(set: set, postcodes: postcodes)
        let senior = try #require(set.index(of: "zorgzame-senioren"))
        // Respondents spread like the model, plus an over-representation of seniors.
        var responses: [SurveyResponse] = []
        for postcode in postcodes.prefix(60) {
            let shares = estimator.estimate(postcode).shares
            let top = shares.indices.max { shares[$0] < shares[$1] }!
            responses.append(SurveyResponse(postcode: postcode.postcode, profile: top))
            responses.append(SurveyResponse(postcode: postcode.postcode, profile: senior))
        }
        let result = try SurveyCalibration.calibrate(
            estimator: estimator, postcodes: postcodes, responses: responses, mode: .targets, surveyName: "test.csv")
        #expect(result.set.profiles[senior].share > set.profiles[senior].share)
        #expect(abs(result.set.profiles.reduce(0) { $0 + $1.share } - 1) < 1e-9)
        #expect(result.set.profiles[senior].shareBasis.isAssumption)
        #expect(result.logLikelihoodAfter > result.logLikelihoodBefore)
    }

    @Test("weights: re-estimation fits the survey better and keeps a valid set")
    func weights() throws {
        let set = try ProfileSet.load(from: ProfileSetTests.profilesFolder.appendingPathComponent("test-three.json"))
        let postcodes = EstimationModelTests.country(count: 60)
        let estimator = ProfileEstimator.fit(set: set, postcodes: postcodes)
        // Survey where "senior" follows the share of single-person households.
        var responses: [SurveyResponse] = []
        for postcode in postcodes.prefix(60) {
            let d = postcode.demographics
            let single = (d[.householdsSingle] ?? 0) / max(d[.households] ?? 1, 1)
            responses.append(SurveyResponse(postcode: postcode.postcode, profile: single > 0.4 ? 2 : 0))
            responses.append(SurveyResponse(postcode: postcode.postcode, profile: 1))
        }
        let result = try SurveyCalibration.calibrate(
            estimator: estimator, postcodes: postcodes, responses: responses, mode: .weights, surveyName: "test.csv",
            iterations: 60)
        #expect(result.logLikelihoodAfter > result.logLikelihoodBefore)
        let senior = result.set.profiles[2].signature.first { $0.feature == "hh_single" }
        let old = set.profiles[2].signature.first { $0.feature == "hh_single" }?.weight ?? 0
        #expect((senior?.weight ?? 0) > old)
        #expect(result.set.version.hasSuffix("+survey"))
    }

    @Test("a respondent's age band is the prior over the cell: seniors are expected among the oldest")
    func ageBand() throws {
        let set = try EstimationModelTests.citisens()
        let postcodes = EstimationModelTests.country(count: 40)
        let estimator = ProfileEstimator.fit(set: set, postcodes: postcodes)
        let senior = try #require(set.index(of: "zorgzame-senioren"))
        func expected(_ band: PersonAttribute?) throws -> Double {
            let responses = postcodes.prefix(30).map {
                SurveyResponse(postcode: $0.postcode, profile: senior, ageBand: band)
            }
            return try SurveyCalibration.calibrate(
                estimator: estimator, postcodes: postcodes, responses: responses, mode: .targets, surveyName: "s.csv"
            ).expected[senior]
        }
        let young = try expected(.age15to24)
        let any = try expected(nil)
        let old = try expected(.age75plus)
        #expect(young < any && any < old, "\(young) \(any) \(old)")
        #expect(old > 0.2)
    }

    @Test("a survey naming a postcode outside the dataset is refused")
    func unknownPostcode() throws {
        let set = try EstimationModelTests.citisens()
        let postcodes = EstimationModelTests.country(count: 10)
        let estimator = ProfileEstimator.fit(set: set, postcodes: postcodes)
        let error = try #require(throws: ProfileModelError.self) {
            try SurveyCalibration.calibrate(
                estimator: estimator, postcodes: postcodes, responses: [SurveyResponse(postcode: "0001", profile: 0)],
                mode: .targets, surveyName: "s.csv")
        }
        #expect(error.message.contains("0001"))
    }
}
