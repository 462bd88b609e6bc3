// Each of these tests starts its own browser and simulator; on a 2-core machine they run one at a time.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
