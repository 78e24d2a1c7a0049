import KickoffModel
import Testing

/// The percentile maths of the history: log-scale buckets, four per doubling, nearest rank.
@Suite struct DurationHistogramTests {
    @Test func bucketsAreFourPerDoublingAndAValueIsItsBucketsGeometricMiddle() {
        #expect(DurationHistogram.bucket(milliseconds: 0) == 0)
        #expect(DurationHistogram.bucket(milliseconds: 1) == 0)
        #expect(DurationHistogram.bucket(milliseconds: 2) == 4)
        #expect(DurationHistogram.bucket(milliseconds: 1100) == 40)
        #expect(DurationHistogram.bucket(milliseconds: 1000) == 39)
        // Every duration reads back within the bucket's half-width (about 9 %).
        for milliseconds: Int64 in [3, 17, 99, 250, 1000, 4321, 60_000, 3_600_000] {
            let value = DurationHistogram.value(bucket: DurationHistogram.bucket(milliseconds: milliseconds))
            #expect(abs(Double(value - milliseconds)) / Double(milliseconds) < 0.1, "\(milliseconds) → \(value)")
        }
    }

    @Test func percentilesAreNearestRankOverTheBuckets() {
        var histogram = DurationHistogram()
        #expect(histogram.percentile(0.5) == nil)
        // 90 fast steps (about 10 ms) and 10 slow ones (about 1 s).
        for _ in 0..<90 { histogram.add(milliseconds: 10) }
        for _ in 0..<10 { histogram.add(milliseconds: 1000) }
        #expect(histogram.count == 100)
        let fast = DurationHistogram.value(bucket: DurationHistogram.bucket(milliseconds: 10))
        let slow = DurationHistogram.value(bucket: DurationHistogram.bucket(milliseconds: 1000))
        #expect(histogram.percentile(0.5) == fast)
        #expect(histogram.percentile(0.9) == fast)   // the 90th of 100 is still fast
        #expect(histogram.percentile(0.95) == slow)
        #expect(histogram.percentile(1) == slow)
        #expect(histogram.percentile(0) == fast)
    }

    @Test func minutesAddUpByTheirBuckets() {
        var first = DurationHistogram(), second = DurationHistogram()
        first.add(milliseconds: 100)
        second.add(milliseconds: 100)
        second.add(milliseconds: 5000)
        first.merge(second)
        #expect(first.count == 3)
        #expect(first.buckets[DurationHistogram.bucket(milliseconds: 100)] == 2)
        #expect(first.percentile(0.5) == DurationHistogram.value(bucket: DurationHistogram.bucket(milliseconds: 100)))
    }
}
