public import KickoffModel

extension QueueOperations {
    /// Records where a resumed run picks up (`run.resumed`) and forgets the steps it runs again.
    public func resume(id: String, token: String, plan: ResumePlan) -> ScriptCall {
        let keys = self.keys.forRun(id)
        let kept = JSONValue.array(plan.kept.keys.sorted().map(JSONValue.string)).jsonString()
        return ScriptCall(script: QueueScripts.resume, keys: [keys.run(id)],
                          arguments: [keys.prefix, id, token, plan.fromStep ?? "", plan.reason, kept] + plan.rerun)
    }
}
