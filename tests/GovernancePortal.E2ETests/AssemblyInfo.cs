// One browser test class at a time: each class starts its own host and Chromium, and several at once on a busy
// 2-core machine only make every wait longer.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
