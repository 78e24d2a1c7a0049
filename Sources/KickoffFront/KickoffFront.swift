// The HTTP trigger front (`kickoff serve`): validates run requests, stores them in Redis and answers
// 202 at once. It never runs a step. Built in the "Trigger front" issue.
public enum KickoffFront {}
