from django.urls import path

from web import letter_views as views

urlpatterns = [
    path("brieven/", views.letter_list, name="letter-list"),
    path("brieven/<int:pk>/", views.letter_detail, name="letter-detail"),
    path("brieven/<int:pk>/bestand/", views.letter_file, name="letter-file"),
]
