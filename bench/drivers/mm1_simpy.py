"""The bench's M/M/1 (bench/lib/mm1Model.mjs) in SimPy, the reference for
bench/cases/25-mm1-simpy.mjs. Works with Debian's python3-simpy (SimPy 2.3, the
classic SimPy.Simulation API) and with simpy >= 3 (environment API), whichever
is installed. Customers arriving in [warmup, warmup + duration) are measured;
arrivals stop at the window's end and the queue drains, as in meshsim.

usage: mm1_simpy.py ARRIVAL_RATE SERVICE_MEAN WARMUP DURATION SEED
prints one JSON line: {"requests", "meanSojourn", "api"}
"""
import json
import random
import sys

rate, service_mean, warmup, duration, seed = (float(a) for a in sys.argv[1:6])
end = warmup + duration
rng = random.Random(int(seed))
measured = [0, 0.0]  # count, sojourn sum


def record(arrival, departure):
    if warmup <= arrival < end:
        measured[0] += 1
        measured[1] += departure - arrival


try:
    import simpy  # simpy >= 3

    api = "simpy " + getattr(simpy, "__version__", "3+")
    env = simpy.Environment()
    server = simpy.Resource(env, capacity=1)

    def customer(env):
        arrival = env.now
        with server.request() as req:
            yield req
            yield env.timeout(rng.expovariate(1 / service_mean))
        record(arrival, env.now)

    def source(env):
        while True:
            yield env.timeout(rng.expovariate(rate))
            if env.now >= end:
                return
            env.process(customer(env))

    env.process(source(env))
    env.run()
except ImportError:
    import SimPy
    from SimPy.Simulation import Process, Resource, activate, hold, initialize, now, release, request, simulate

    api = "SimPy " + getattr(SimPy, "__version__", "2")
    initialize()
    server = Resource(capacity=1)

    class Customer(Process):
        def run(self):
            arrival = now()
            yield request, self, server
            yield hold, self, rng.expovariate(1 / service_mean)
            yield release, self, server
            record(arrival, now())

    class Source(Process):
        def run(self):
            while True:
                yield hold, self, rng.expovariate(rate)
                if now() >= end:
                    return
                c = Customer()
                activate(c, c.run())

    s = Source()
    activate(s, s.run())
    simulate(until=1e18)

print(json.dumps({"requests": measured[0], "meanSojourn": measured[1] / measured[0] if measured[0] else 0, "api": api}))
