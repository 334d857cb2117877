/* The CMS page's script, as such sites have them: jQuery, globals, no modules, no build.
   It feeds two elements in property mode from a JSON file, turns the third on in connected mode, and writes
   what the elements announce into the page's journal. */
var journal = (texte) => {
  $('<li>').text(texte).appendTo('#journal');
};

$(() => {
  $.getJSON('donnees.json', (donnees) => {
    // Property mode: set .data (a property, not an attribute: the elements take objects).
    $('#bulletin').prop('data', donnees.bulletin);
    $('#absences').prop('data', donnees.absences);
  });

  // jQuery hands the native event as originalEvent: its detail is the element's.
  $('#bulletin').on('preau-period-change', (e) => {
    journal(`Période demandée : ${e.originalEvent.detail.periodId}`);
  });
  $('#absences').on('preau-justification-submit', () => {
    journal('Justificatif envoyé');
  });

  // Connected mode: ?seance=<id> in the address shows that séance's roll call, saved to the ENT.
  var seance = new URLSearchParams(window.location.search).get('seance');
  if (seance) {
    $('#appel')
      .attr('src', `/api/v1/attendance/seances/${encodeURIComponent(seance)}/roll-call`)
      .on('preau-attendance-save', () => {
        journal('Appel envoyé à l’ENT');
      });
  } else {
    $('#bloc-appel').hide();
  }
});
