// The memory benchmark reads the process's GC heap: other tests allocating at the same time would blur it.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
