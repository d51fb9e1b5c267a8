// Sanitizer suppressions built into cluster_tests; the sanitizers read them only in builds
// with -fsanitize=address or -fsanitize=thread. Third-party frames only, never Noaber's.
//
// LeakSanitizer: libraft 0.15 leaks the entries array it was filling when it refuses a
// corrupt segment at start (the error path of its segment loader);
// RaftTrapsTest.CorruptClosedSegment... starts such a folder on purpose. libraft's frames
// carry no symbols, so the library is named as a whole. Leaks of raft allocations on the
// paths the node takes (entries, snapshots, restores, stop) are still checked, by
// RaftTrapsTest.EveryBufferGoesThroughLibraftsHeap... through a tracking heap.
extern "C" const char* __lsan_default_suppressions() { return "leak:libraft.so\n"; }

// ThreadSanitizer: an absl::Status answered on the loop thread shares its reference-counted
// representation with the copy the caller keeps; Debian's Abseil is not built with
// -fsanitize=thread, so TSan does not see the atomic count and reports the last owner's
// delete as racing with the other thread's earlier reads (as tests/tsan.supp explains).
extern "C" const char* __tsan_default_suppressions() {
  return "race:absl::*Status::Unref\n"
         "race:absl::*Status::UnrefNonInlined\n"
         "race:absl::*inlined_vector_internal::Storage<absl::*status_internal::Payload*\n"
         "race:epoll_ctl\n";
}
