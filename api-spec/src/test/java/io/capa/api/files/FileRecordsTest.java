package io.capa.api.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileRecordsTest {
  @ParameterizedTest
  @ValueSource(strings = {"/etc/passwd", "../secret", "a/../../b", "a//b", "a/./b", "dir/"})
  void fileRequest_nameLeavingOrBendingThePath_rejected(String name) {
    assertThatThrownBy(() -> FileRequest.of("oss", name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("file name")
        .hasMessageContaining(name);
  }

  @Test
  void fileRequest_controlCharacter_rejectedAndShownEscaped() {
    assertThatThrownBy(() -> FileRequest.of("oss", "a\u0000b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("control characters")
        .hasMessageContaining("a\\u0000b");
  }

  @Test
  void fileRequest_tooLongName_rejected() {
    assertThatThrownBy(() -> FileRequest.of("oss", "x".repeat(FileNames.MAX_LENGTH + 1)))
        .hasMessageContaining("longer than");
    assertThat(FileRequest.of("oss", "x".repeat(FileNames.MAX_LENGTH)).name()).hasSize(FileNames.MAX_LENGTH);
  }

  @Test
  void fileRequest_nestedName_accepted() {
    assertThat(FileRequest.of("oss", "reports/2024/q1.pdf").name()).isEqualTo("reports/2024/q1.pdf");
  }

  @Test
  void fileInfo_negativeSize_rejected() {
    assertThatThrownBy(() -> new FileInfo("a.txt", -1, Instant.EPOCH, null, null))
        .hasMessageContaining("size");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, ListFilesRequest.MAX_PAGE_SIZE + 1})
  void listFilesRequest_pageSizeOutOfRange_namesPageSize(int pageSize) {
    assertThatThrownBy(() -> ListFilesRequest.firstPage("oss", "reports/", pageSize))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pageSize");
  }

  @Test
  void listFilesRequest_after_carriesMarkerAndKeepsPrefix() {
    ListFilesRequest first = ListFilesRequest.firstPage("oss", "reports/", 2);
    FilePage page =
        new FilePage(List.of(new FileInfo("reports/a", 1, Instant.EPOCH, null, null)), Optional.of("reports/a"));
    ListFilesRequest next = first.after(page);
    assertThat(next.marker()).contains("reports/a");
    assertThat(next.prefix()).isEqualTo("reports/");
    assertThat(page.isLast()).isFalse();
    assertThat(new FilePage(List.of(), Optional.empty()).isLast()).isTrue();
  }

  @Test
  void putFileRequest_nullContentType_defaultsToOctetStream() {
    assertThat(PutFileRequest.of("oss", "a.bin", null).contentType()).isEqualTo("application/octet-stream");
  }
}
