import DL

/// A metric given by its static member (`metricNamed(.accuracy)`), as `compile(metrics:)` takes it.
func metricNamed(_ metric: Metric) -> Metric { metric }
