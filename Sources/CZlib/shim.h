// zlib (Debian zlib1g-dev): raw deflate of finished runs' packed records (KickoffStore's PackedRun).
#include <zlib.h>
