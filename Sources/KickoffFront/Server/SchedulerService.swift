import KickoffStore
import ServiceLifecycle

/// The front's scheduler (see `Scheduler`) as a service of its `ServiceGroup`: it leads or stands
/// by until graceful shutdown; a leader then gives its lease up.
struct SchedulerService: Service {
    let scheduler: Scheduler

    func run() async {
        await cancelWhenGracefulShutdown {
            await scheduler.run()
        }
    }
}
