/// Truncated Newton minimization (Newton–CG) of a smooth, convex function of a few thousand
/// parameters, as liblinear's and scikit-learn's `newton-cg` solvers do: `LinearSVM` and
/// `LogisticRegression` train with it.
///
/// Each iteration:
/// 1. evaluates f, its gradient g and a Hessian-vector product H·v at the current point w;
/// 2. solves H·d = −g approximately by conjugate gradients, stopping when the residual falls under
///    `min(0.5, √‖g‖) · ‖g‖` or after `n` steps (n = the parameter count);
/// 3. takes the largest step t in {1, ½, ¼, …} (20 halvings at most) with the Armijo decrease
///    f(w + t·d) ≤ f(w) + 10⁻⁴ · t · ⟨g, d⟩, and moves to w + t·d.
/// It stops once ‖g‖ ≤ `tolerance` · ‖g₀‖ (g₀ the gradient at the start), after `maxIterations`,
/// or when no step decreases f (the float32 products the objectives use are then the limit).
/// For the squared hinge, whose Hessian is piecewise constant, H is the generalized Hessian of
/// Keerthi and DeCoste (2005); the method converges in a few iterations there too.
struct NewtonCG {
    /// One evaluation of the objective at a point.
    struct Evaluation {
        var value: Double
        var gradient: [Double]
        /// H·v at the evaluated point.
        var hessianTimes: ([Double]) -> [Double]
    }

    /// The relative gradient norm at which to stop.
    var tolerance: Double
    /// The most Newton iterations.
    var maxIterations: Int

    /// Minimizes from `start`; `evaluate` gives f, ∇f and H·v at a point, `value` f alone.
    /// - Returns: the last point and how many Newton iterations ran.
    func minimize(from start: [Double], evaluate: ([Double]) -> Evaluation,
                  value: ([Double]) -> Double) -> (solution: [Double], iterations: Int) {
        var w = start
        var current = evaluate(w)
        let initialNorm = norm(current.gradient)
        var iterations = 0
        while iterations < maxIterations {
            let gradientNorm = norm(current.gradient)
            if gradientNorm <= tolerance * initialNorm || gradientNorm == 0 { break }
            iterations += 1
            let direction = conjugateGradient(current, gradientNorm: gradientNorm)
            let slope = dot(current.gradient, direction)
            guard slope < 0 else { break }
            var step = 1.0
            var accepted = false
            for _ in 0..<20 {
                let trial = axpy(step, direction, w)
                if value(trial) <= current.value + 1e-4 * step * slope {
                    w = trial
                    accepted = true
                    break
                }
                step *= 0.5
            }
            guard accepted else { break }
            current = evaluate(w)
        }
        return (w, iterations)
    }

    /// An approximate solution d of H·d = −g by conjugate gradients from d = 0.
    private func conjugateGradient(_ at: Evaluation, gradientNorm: Double) -> [Double] {
        var d = [Double](repeating: 0, count: at.gradient.count)
        var residual = at.gradient.map { -$0 }
        var search = residual
        var residualSquared = dot(residual, residual)
        let stop = Swift.min(0.5, gradientNorm.squareRoot()) * gradientNorm
        for _ in 0..<at.gradient.count {
            if residualSquared.squareRoot() <= stop { break }
            let hs = at.hessianTimes(search)
            let curvature = dot(search, hs)
            guard curvature > 0 else { break }
            let alpha = residualSquared / curvature
            d = axpy(alpha, search, d)
            residual = axpy(-alpha, hs, residual)
            let next = dot(residual, residual)
            search = axpy(next / residualSquared, search, residual)
            residualSquared = next
        }
        return d
    }
}

/// ⟨a, b⟩.
private func dot(_ a: [Double], _ b: [Double]) -> Double {
    var sum = 0.0
    for i in a.indices { sum += a[i] * b[i] }
    return sum
}

/// ‖a‖₂.
private func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }

/// α·x + y.
private func axpy(_ alpha: Double, _ x: [Double], _ y: [Double]) -> [Double] {
    var out = y
    for i in out.indices { out[i] += alpha * x[i] }
    return out
}
