// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#pragma once

/// @file detail/huge_pages.hpp
/// @brief An allocator asking the OS for transparent huge pages (internal).
///
/// The score rows of a large directory are read at scattered places; with 4 KiB pages nearly
/// every read also misses the TLB. Blocks of 2 MiB or more are aligned to 2 MiB and marked with
/// madvise(MADV_HUGEPAGE) before first use (Linux; elsewhere a plain aligned allocation).

#include <cstddef>
#include <cstdint>
#include <new>
#include <vector>

namespace letsconnect::detail {

/// @brief Allocates `bytes`, huge-page backed where the OS allows. @throws std::bad_alloc
void* allocate_huge(std::size_t bytes);
/// @brief Frees what allocate_huge() returned.
void free_huge(void* p) noexcept;

template <typename T>
struct HugePageAllocator {
    using value_type = T;
    HugePageAllocator() noexcept = default;
    template <typename U>
    HugePageAllocator(const HugePageAllocator<U>&) noexcept {}
    T* allocate(std::size_t n) { return static_cast<T*>(allocate_huge(n * sizeof(T))); }
    void deallocate(T* p, std::size_t) noexcept { free_huge(p); }
    template <typename U>
    friend bool operator==(const HugePageAllocator&, const HugePageAllocator<U>&) noexcept { return true; }
};

/// @brief Words (bitmaps, columns) on transparent huge pages.
using HugeWords = std::vector<std::uint64_t, HugePageAllocator<std::uint64_t>>;

}  // namespace letsconnect::detail
